//! html5lib-tests' tree-construction documents (`conformance/html5lib-tests/`, MIT), for
//! the tests that run whole documents.

/// The whole documents of html5lib-tests' tree-construction files (`#data`, less
/// fragments and the scripting-off variants), in file order: (file, index, bytes).
pub fn documents() -> Vec<(String, usize, Vec<u8>)> {
    let folder = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/html5lib-tests/tree-construction"
    );
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "dat"))
        .collect();
    files.sort();
    let mut documents = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        // A test: `#data`, its lines up to `#errors`, then sections up to the next `#data`.
        let mut tests: Vec<(Vec<&str>, bool)> = Vec::new();
        let mut in_data = false;
        for line in text.split('\n') {
            match line {
                "#data" => {
                    tests.push((Vec::new(), true));
                    in_data = true;
                }
                "#errors" => in_data = false,
                "#document-fragment" | "#script-off" if !in_data => {
                    if let Some(test) = tests.last_mut() {
                        test.1 = false;
                    }
                }
                _ if in_data => tests.last_mut().unwrap().0.push(line),
                _ => {}
            }
        }
        for (index, (lines, whole_document)) in tests.into_iter().enumerate() {
            if whole_document {
                documents.push((name.clone(), index, lines.join("\n").into_bytes()));
            }
        }
    }
    documents
}
