//! A stock nginx in front of a server, as many sites run: in the foreground with one
//! process, on a free port, with a config file and cache folder of its own, killed
//! when dropped. Needs Debian's `nginx-light`; `NGINX` overrides the binary's path.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::free_port;

pub struct Nginx {
    child: Child,
    folder: PathBuf,
    pub port: u16,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

impl Nginx {
    /// A stock nginx: default buffer sizes, a shared cache that keeps every 200 for ten
    /// minutes unless the response forbids it, keyed by the URL only.
    pub fn in_front_of(upstream: SocketAddr) -> Self {
        Self::with(upstream, "", "", "")
    }

    /// The same, with `http_extra` in its `http` block, `server_extra` in its `server`
    /// block and `location_extra` in its one `location` (where `proxy_set_header` must
    /// go: nginx inherits none from the server once the location has its own).
    pub fn with(
        upstream: SocketAddr,
        http_extra: &str,
        server_extra: &str,
        location_extra: &str,
    ) -> Self {
        let binary = std::env::var("NGINX").unwrap_or_else(|_| "/usr/sbin/nginx".into());
        let port = free_port();
        let mut id = [0u8; 8];
        getrandom::fill(&mut id).unwrap();
        let id: String = id.iter().map(|byte| format!("{byte:02x}")).collect();
        let folder = std::env::temp_dir().join(format!("tcc-nginx-{id}"));
        std::fs::create_dir_all(folder.join("cache")).unwrap();
        let dir = folder.display();
        let config = format!(
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid {dir}/nginx.pid;\n\
             error_log {dir}/error.log warn;\nevents {{ worker_connections 256; }}\n\
             http {{\n  access_log off;\n  client_body_temp_path {dir}/body;\n\
             proxy_temp_path {dir}/proxy;\n  fastcgi_temp_path {dir}/fastcgi;\n\
             uwsgi_temp_path {dir}/uwsgi;\n  scgi_temp_path {dir}/scgi;\n\
             proxy_cache_path {dir}/cache keys_zone=pages:1m;\n{http_extra}\n\
             server {{\n    listen 127.0.0.1:{port};\n{server_extra}\n    location / {{\n\
             proxy_pass http://{upstream};\n      proxy_set_header Host $http_host;\n\
             proxy_cache pages;\n      proxy_cache_key $scheme$host$request_uri;\n\
             proxy_cache_valid 200 10m;\n\
             add_header X-Cache-Status $upstream_cache_status always;\n{location_extra}\n    }}\n  }}\n}}\n"
        );
        let path = folder.join("nginx.conf");
        std::fs::write(&path, config).unwrap();
        let child = Command::new(&binary)
            .arg("-c")
            .arg(&path)
            .arg("-p")
            .arg(&folder)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|error| {
                panic!(
                    "cannot start {binary} ({error}): install Debian's `nginx-light` \
                     (apt-get install nginx-light) or set NGINX"
                )
            });
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "nginx did not listen"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Self {
            child,
            folder,
            port,
        }
    }
}
