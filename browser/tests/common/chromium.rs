//! Headless Chromium under ChromeDriver, as the browser suites drive it: a demo server
//! (or a test's own), a fresh profile, an exact viewport; all of it goes when dropped.
//! Included by the suites that drive a browser (they also include the demo as `site`).
#![allow(dead_code)]

use std::net::SocketAddr;
use std::os::unix::process::CommandExt as _;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use super::free_port;
use crate::site;

pub const SESSION: &str = "customer_service_action_session";
pub const CONSENT: &str = "cookie_consent";

pub struct Options {
    pub javascript: bool,
    pub width: u32,
    pub height: u32,
    pub scale: u32,
    /// The host name the browser uses: `*.demo.test` names resolve to 127.0.0.1, so
    /// that `Domain=demo.test` cookies are real. `None`: the server's address.
    pub host: Option<&'static str>,
    /// A server of the test's own instead of the demo.
    pub server: Option<SocketAddr>,
    /// The browser's languages (`Accept-Language`), through Chromium's
    /// `intl.accept_languages` preference: `"fr"`, `"de-AT,de"`. `None`: Chromium's own
    /// (`en-US,en`). The `--lang` flag does not do it: headless Chromium ignores it.
    pub accept_language: Option<&'static str>,
    /// The browser's default font size in px (`16`), as its text-size setting sets
    /// it: rem units and media queries follow it, as they do for a visitor who set
    /// large text. `None`: Chromium's own.
    pub default_font_size: Option<u32>,
    /// Chromium's `--host-resolver-rules` (stand-in tracker hosts: see
    /// `stand_ins::StandIns::resolver_rules`, which keeps `*.demo.test` too), with
    /// `--ignore-certificate-errors` for the stand-ins' throwaway certificate. `None`:
    /// only `*.demo.test`, when `host` is set.
    pub resolver_rules: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            javascript: true,
            width: 1280,
            height: 800,
            scale: 1,
            host: None,
            server: None,
            accept_language: None,
            default_font_size: None,
            resolver_rules: None,
        }
    }
}

/// A demo server, a ChromeDriver and its Chromium; all of it goes when dropped.
pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: PathBuf,
    pub base: String,
}

pub const INSTALL: &str = "install Debian's `chromium` and `chromium-driver` packages \
                       (apt-get install chromium chromium-driver), or set CHROMIUM and CHROMEDRIVER";

impl Browser {
    /// JavaScript on, a `width`x`height` viewport.
    pub async fn sized(width: u32, height: u32) -> Self {
        Self::open(Options {
            width,
            height,
            ..Options::default()
        })
        .await
    }

    pub async fn open(options: Options) -> Self {
        let addr = match options.server {
            Some(addr) => addr,
            None => site::spawn_on_free_port().await,
        };
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        assert!(
            std::path::Path::new(&chromium).exists(),
            "no Chromium at {chromium}: {INSTALL}"
        );
        let port = free_port();
        let mut driver = Command::new(&chromedriver);
        if let Ok(log) = std::env::var("CHROMEDRIVER_LOG") {
            driver.arg(format!("--log-path={log}")).arg("--verbose");
        }
        let driver = driver
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so that Chromium goes with it if a test fails.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|error| {
                panic!("could not start `{chromedriver}` ({error}): {INSTALL}")
            });
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "ChromeDriver did not listen within 20 s: {INSTALL}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        let profile =
            std::env::temp_dir().join(format!("tcc-chromium-{}-{port}", std::process::id()));
        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--no-first-run".to_owned(),
            "--hide-scrollbars".to_owned(),
            format!("--user-data-dir={}", profile.display()),
            format!(
                "--window-size={},{}",
                options.width.max(500),
                options.height
            ),
        ];
        if !options.javascript {
            args.push("--blink-settings=scriptEnabled=false".to_owned());
        }
        if let Some(rules) = &options.resolver_rules {
            args.push(format!("--host-resolver-rules={rules}"));
            args.push("--ignore-certificate-errors".to_owned());
        } else if options.host.is_some() {
            args.push("--host-resolver-rules=MAP *.demo.test 127.0.0.1".to_owned());
        }
        // Exact viewports: a headless window is at least 500 px wide, and zoom is a CSS
        // viewport smaller than the device's pixels.
        let metrics = json!({
            "width": options.width,
            "height": options.height,
            "pixelRatio": options.scale,
            "mobile": options.width < 500,
            "touch": false,
        });
        let mut chrome_options = json!({
            "binary": chromium,
            "args": args,
            "mobileEmulation": { "deviceMetrics": metrics },
        });
        let mut prefs = serde_json::Map::new();
        if !options.javascript {
            prefs.insert(
                "profile.managed_default_content_settings.javascript".to_owned(),
                json!(2),
            );
        }
        if let Some(size) = options.default_font_size {
            prefs.insert("webkit.webprefs.default_font_size".to_owned(), json!(size));
        }
        if let Some(languages) = options.accept_language {
            prefs.insert("intl.accept_languages".to_owned(), json!(languages));
        }
        if !prefs.is_empty() {
            chrome_options["prefs"] = Value::Object(prefs);
        }
        let capabilities = json!({
            "goog:chromeOptions": chrome_options,
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|error| {
                panic!("Chromium did not start under ChromeDriver ({error}): {INSTALL}")
            });
        Self {
            client,
            driver,
            profile,
            base: match options.host {
                Some(host) => format!("http://{host}:{}", addr.port()),
                None => format!("http://{addr}"),
            },
        }
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }

    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap();
    }

    pub async fn cookie_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .client
            .get_all_cookies()
            .await
            .unwrap()
            .iter()
            .map(|cookie| cookie.name().to_owned())
            .collect();
        names.sort();
        names
    }

    /// The optional cookies the browser holds, by WebDriver's listing and, with
    /// JavaScript on, by `document.cookie` (which cannot see HttpOnly ones).
    pub async fn optional_cookies(&self, javascript: bool) -> Vec<String> {
        let held = self.cookie_names().await;
        let optional: Vec<String> = held
            .into_iter()
            .filter(|name| name != SESSION && name != CONSENT)
            .collect();
        if javascript {
            let script = self.script("return document.cookie").await;
            let mut from_script: Vec<String> = script
                .as_str()
                .unwrap()
                .split("; ")
                .filter(|pair| !pair.is_empty())
                .map(|pair| pair.split('=').next().unwrap().to_owned())
                .filter(|name| name != SESSION && name != CONSENT)
                .collect();
            from_script.sort();
            assert_eq!(
                from_script, optional,
                "document.cookie and WebDriver disagree"
            );
        }
        optional
    }

    pub async fn script(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    pub async fn has_banner(&self) -> bool {
        !self
            .client
            .find_all(Locator::Css("#tcc-banner"))
            .await
            .unwrap()
            .is_empty()
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("no `{css}` on the page: {error}"))
            .click()
            .await
            .unwrap();
    }

    /// Waits (10 s at most) until the page at `path` has loaded without the banner.
    pub async fn wait_for_page_without_banner(&self, path: &str) {
        let started = Instant::now();
        loop {
            let url = self.client.current_url().await.unwrap();
            if url.path() == path && !self.has_banner().await {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "still at {url} or the banner is still shown"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks the choice `button` on the page at `path`, waits to be sent back there
    /// without a banner, loads the home page (which sets every demo cookie that is
    /// allowed) and returns the optional cookies then held.
    pub async fn choose(&self, path: &str, button: &str, javascript: bool) -> Vec<String> {
        self.click(button).await;
        self.wait_for_page_without_banner(path).await;
        self.goto("/").await;
        self.optional_cookies(javascript).await
    }

    pub async fn press(&self, key: Key) {
        let key: char = key.into();
        let actions = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client.perform_actions(actions).await.unwrap();
    }

    pub async fn browser_log(&self) -> Vec<String> {
        let entries = self.client.issue_cmd(BrowserLog).await.unwrap();
        entries
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The whole group: ChromeDriver and the Chromium it started.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A Chrome DevTools Protocol command, through ChromeDriver.
#[derive(Debug)]
pub struct Cdp {
    pub command: &'static str,
    pub params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.command, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// ChromeDriver's console log (`goog:loggingPrefs`), read and cleared.
#[derive(Debug)]
pub struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// Runs axe-core on `selector` with the WCAG 2.0, 2.1 and 2.2 A and AA rules; returns
/// (rules run, violations).
pub async fn axe(browser: &Browser, selector: &str) -> (u64, Vec<Value>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../node_modules/axe-core/axe.min.js"
    );
    let source = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!("no {path}: run `npm install --no-save axe-core@4.14.1` (see .ci/run)")
    });
    browser.client.execute(&source, vec![]).await.unwrap();
    let result = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document.querySelector(arguments[0]), { runOnly: { type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] } })
               .then(r => done({
                 rules: r.passes.length + r.violations.length + r.incomplete.length + r.inapplicable.length,
                 violations: r.violations.map(v => ({ id: v.id, help: v.help,
                   nodes: v.nodes.map(n => n.target.join(' ')) })) }))
               .catch(e => done({ error: String(e) }));",
            vec![json!(selector)],
        )
        .await
        .unwrap();
    assert!(result.get("error").is_none(), "{result}");
    (
        result["rules"].as_u64().unwrap(),
        result["violations"].as_array().unwrap().clone(),
    )
}
