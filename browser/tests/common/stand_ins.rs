//! Stand-ins for third-party tracker hosts, so that a browser test sees every request a
//! page makes to a tracker (and every connection: a `preconnect` opens one without a
//! request) while nothing ever reaches the real host.
//!
//! - Chromium resolves the tracker hosts to two local ports
//!   (`--host-resolver-rules`, [`StandIns::resolver_rules`]), port 443 to the TLS one and
//!   80 to the plain one, and every other name outside the test to nowhere;
//! - on each port a logging proxy records each connection with the host it was for (the
//!   TLS ClientHello's server name, or the `Host` of a plain request), then hands the
//!   bytes to nginx;
//! - nginx terminates TLS with a throwaway self-signed certificate (made by `openssl`
//!   for the run; Chromium is started with `--ignore-certificate-errors`), serves each
//!   host's stand-in files from a folder of its own, and logs every request
//!   (`scheme host uri`).
//!
//! Needs Debian's `nginx-light` (`NGINX` overrides the path) and `openssl`. Everything
//! goes when dropped.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::AsyncWriteExt as _;
use tokio::net::{TcpListener, TcpStream};

use super::free_port;

/// One connection a proxy accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    /// The host it was for (server name or `Host`), lowercase; empty when neither came.
    pub host: String,
    /// Whether it began a TLS handshake.
    pub tls: bool,
}

/// A stand-in file: served at `https://{host}{path}` and `http://{host}{path}`.
pub struct StandIn {
    pub host: &'static str,
    pub path: &'static str,
    pub body: &'static str,
}

pub struct StandIns {
    nginx: Child,
    folder: PathBuf,
    /// The proxies' ports: TLS (tracker hosts' 443) and plain (their 80).
    pub tls_port: u16,
    pub plain_port: u16,
    connections: Arc<Mutex<Vec<Connection>>>,
    proxies: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for StandIns {
    fn drop(&mut self) {
        for proxy in &self.proxies {
            proxy.abort();
        }
        let _ = self.nginx.kill();
        let _ = self.nginx.wait();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

impl StandIns {
    /// Starts nginx with `files` and the two logging proxies in front of it.
    pub async fn start(files: &[StandIn]) -> Self {
        let mut id = [0u8; 8];
        getrandom::fill(&mut id).unwrap();
        let id: String = id.iter().map(|byte| format!("{byte:02x}")).collect();
        let folder = std::env::temp_dir().join(format!("tcc-stand-ins-{id}"));
        let www = folder.join("www");
        std::fs::create_dir_all(&www).unwrap();
        for file in files {
            let path = www.join(file.host).join(file.path.trim_start_matches('/'));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, file.body).unwrap();
        }
        // A throwaway certificate, valid for a day, for any name (the browser is told
        // to ignore certificate errors: the names are the real trackers').
        let status = Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            ])
            .args(["-subj", "/CN=tracker stand-in"])
            .arg("-keyout")
            .arg(folder.join("key.pem"))
            .arg("-out")
            .arg(folder.join("cert.pem"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("openssl makes the stand-ins' certificate");
        assert!(status.success(), "openssl could not make a certificate");

        let (nginx_tls, nginx_plain) = (free_port(), free_port());
        let dir = folder.display();
        let config = format!(
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid {dir}/nginx.pid;\n\
             error_log {dir}/error.log warn;\nevents {{ worker_connections 256; }}\n\
             http {{\n  client_body_temp_path {dir}/body;\n  proxy_temp_path {dir}/proxy;\n\
             fastcgi_temp_path {dir}/fastcgi;\n  uwsgi_temp_path {dir}/uwsgi;\n\
             scgi_temp_path {dir}/scgi;\n\
             log_format standin '$scheme $host $request_uri';\n\
             access_log {dir}/access.log standin;\n\
             types {{ application/javascript js; text/html html; image/gif gif; }}\n\
             default_type application/javascript;\n\
             server {{\n    listen 127.0.0.1:{nginx_tls} ssl;\n    listen 127.0.0.1:{nginx_plain};\n\
             ssl_certificate {dir}/cert.pem;\n    ssl_certificate_key {dir}/key.pem;\n\
             root {dir}/www/$host;\n    add_header Cache-Control no-store always;\n\
             location / {{ try_files $uri =404; }}\n  }}\n}}\n"
        );
        let path = folder.join("nginx.conf");
        std::fs::write(&path, config).unwrap();
        let binary = std::env::var("NGINX").unwrap_or_else(|_| "/usr/sbin/nginx".into());
        let nginx = Command::new(&binary)
            .arg("-c")
            .arg(&path)
            .arg("-p")
            .arg(&folder)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|error| {
                panic!(
                    "cannot start {binary} ({error}): install Debian's `nginx-light` or set NGINX"
                )
            });
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", nginx_plain)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "nginx did not listen"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }

        let connections = Arc::new(Mutex::new(Vec::new()));
        let mut proxies = Vec::new();
        let mut ports = Vec::new();
        for upstream in [nginx_tls, nginx_plain] {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            ports.push(listener.local_addr().unwrap().port());
            let connections = connections.clone();
            proxies.push(tokio::spawn(async move {
                loop {
                    let Ok((client, _)) = listener.accept().await else {
                        return;
                    };
                    let connections = connections.clone();
                    tokio::spawn(relay(client, upstream, connections));
                }
            }));
        }
        Self {
            nginx,
            folder,
            tls_port: ports[0],
            plain_port: ports[1],
            connections,
            proxies,
        }
    }

    /// Chromium's `--host-resolver-rules` value: `hosts` (the trackers) on the
    /// stand-ins' ports, `*.demo.test` and `127.0.0.1` as they are, every other name
    /// unresolvable (so that no real third party is ever reached).
    pub fn resolver_rules(&self, hosts: &[&str]) -> String {
        let mut rules: Vec<String> = Vec::new();
        for host in hosts {
            rules.push(format!("MAP {host}:443 127.0.0.1:{}", self.tls_port));
            rules.push(format!("MAP {host}:80 127.0.0.1:{}", self.plain_port));
        }
        rules.push("MAP *.demo.test 127.0.0.1".to_owned());
        rules.push("MAP * ~NOTFOUND".to_owned());
        rules.push("EXCLUDE 127.0.0.1".to_owned());
        rules.push("EXCLUDE localhost".to_owned());
        rules.join(",")
    }

    /// Every connection so far, in order.
    pub fn connections(&self) -> Vec<Connection> {
        self.connections.lock().unwrap().clone()
    }

    /// Every request nginx answered so far (`https www.googletagmanager.com /gtm.js`).
    pub fn requests(&self) -> Vec<String> {
        std::fs::read_to_string(self.folder.join("access.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// Waits (`within` at most) until `check` holds of the connections and requests.
    pub async fn wait_for(
        &self,
        within: Duration,
        check: impl Fn(&[Connection], &[String]) -> bool,
    ) -> bool {
        let started = Instant::now();
        loop {
            if check(&self.connections(), &self.requests()) {
                return true;
            }
            if started.elapsed() > within {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Records the connection's host, then copies both ways to nginx.
async fn relay(mut client: TcpStream, upstream: u16, connections: Arc<Mutex<Vec<Connection>>>) {
    let mut peeked = vec![0u8; 16 * 1024];
    let mut seen = 0;
    let started = Instant::now();
    // The first bytes: a whole ClientHello or request head, or what came within 2 s.
    while started.elapsed() < Duration::from_secs(2) {
        match tokio::time::timeout(Duration::from_millis(100), client.peek(&mut peeked)).await {
            Ok(Ok(0)) => break,
            Ok(Ok(read)) => {
                seen = read;
                if host_of(&peeked[..seen]).is_some() || seen == peeked.len() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Ok(Err(_)) => return,
            Err(_) => {}
        }
    }
    let bytes = &peeked[..seen];
    connections.lock().unwrap().push(Connection {
        host: host_of(bytes).unwrap_or_default(),
        tls: bytes.first() == Some(&0x16),
    });
    let Ok(mut server) = TcpStream::connect(("127.0.0.1", upstream)).await else {
        let _ = client.shutdown().await;
        return;
    };
    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
}

/// The host a connection's first bytes name: a TLS ClientHello's `server_name`, or a
/// plain HTTP request's `Host`.
pub fn host_of(bytes: &[u8]) -> Option<String> {
    if bytes.first() == Some(&0x16) {
        return server_name(bytes).map(|name| name.to_ascii_lowercase());
    }
    let head = std::str::from_utf8(bytes).ok()?;
    let head = &head[..head.find("\r\n\r\n")?];
    head.lines().skip(1).find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("host").then(|| {
            let host = value.trim();
            host.rsplit_once(':')
                .map_or(host, |(host, _)| host)
                .to_ascii_lowercase()
        })
    })
}

/// The `server_name` of a ClientHello (RFC 8446 §4.1.2, RFC 6066 §3).
fn server_name(record: &[u8]) -> Option<String> {
    let take = |at: &mut usize, n: usize| -> Option<&[u8]> {
        let slice = record.get(*at..*at + n)?;
        *at += n;
        Some(slice)
    };
    let length16 = |bytes: &[u8]| usize::from(bytes[0]) << 8 | usize::from(bytes[1]);
    let mut at = 5; // the record header
    let handshake = take(&mut at, 4)?;
    if handshake[0] != 1 {
        return None;
    }
    take(&mut at, 2 + 32)?; // version, random
    let session = usize::from(take(&mut at, 1)?[0]);
    take(&mut at, session)?;
    let suites = length16(take(&mut at, 2)?);
    take(&mut at, suites)?;
    let compressions = usize::from(take(&mut at, 1)?[0]);
    take(&mut at, compressions)?;
    let extensions_end = at + length16(take(&mut at, 2)?);
    while at + 4 <= extensions_end {
        let kind = length16(take(&mut at, 2)?);
        let length = length16(take(&mut at, 2)?);
        let data = take(&mut at, length)?;
        if kind == 0 && data.len() > 5 && data[2] == 0 {
            let name_length = length16(&data[3..5]);
            return std::str::from_utf8(data.get(5..5 + name_length)?)
                .ok()
                .map(str::to_owned);
        }
    }
    None
}
