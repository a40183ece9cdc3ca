//! What the browser suites and the nginx test share: a free port, headless Chromium
//! (`chromium`), nginx in front of a server (`nginx`), and stand-ins for third-party
//! tracker hosts that log every connection and request (`stand_ins`).

pub mod chromium;
pub mod nginx;
pub mod stand_ins;

/// A port nothing listens on now, for a server the test starts.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
