//! Golden files for generated markup: the expected bytes live in `tests/golden/`, are
//! reviewed in diffs, and are rewritten by running the tests with `UPDATE_GOLDEN=1`.

use std::path::PathBuf;

/// [`assert_golden`] for markup. Markup written on one line (the banner) is stored one
/// tag per line, so that a diff shows what changed: a newline goes between every `>`
/// and the `<` right after it, and since the markup had no newline of its own, the file
/// still pins every byte. Markup with lines of its own is stored as it is.
pub fn assert_golden_markup(name: &str, markup: &str) {
    if markup.contains('\n') {
        assert_golden(name, markup);
    } else {
        assert_golden(name, &markup.replace("><", ">\n<"));
    }
}

/// Asserts that `actual` is the golden file `name`, or rewrites it under `UPDATE_GOLDEN`.
pub fn assert_golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "{}: {error}; run the tests with UPDATE_GOLDEN=1 to write it",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(expected, actual)| expected != actual)
            .map_or(
                expected.lines().count().min(actual.lines().count()),
                |line| line,
            );
        panic!(
            "{} differs from what was generated, first at line {}:\n  golden: {:?}\n  actual: {:?}\n\
             (run with UPDATE_GOLDEN=1 to accept the new output, then review the diff)",
            path.display(),
            line + 1,
            expected.lines().nth(line).unwrap_or("<end>"),
            actual.lines().nth(line).unwrap_or("<end>"),
        );
    }
}
