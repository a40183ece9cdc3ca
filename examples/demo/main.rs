//! The demo site: `cargo run --example demo`, then open
//! <http://127.0.0.1:3000>.
//!
//! Environment: `DEMO_ADDR` (default `127.0.0.1:3000`), `DEMO_COOKIE_DOMAIN` (the
//! `Domain` `_ga` is set with; default the host of `DEMO_ADDR`), `DEMO_NO_CONSENT=1`
//! (serve the same routes without the layer, for load-test baselines).

mod site;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt().with_target(false).init();
    let addr = std::env::var("DEMO_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let default_domain = addr
        .rsplit_once(':')
        .map_or(addr.as_str(), |(host, _)| host);
    let cookie_domain =
        std::env::var("DEMO_COOKIE_DOMAIN").unwrap_or_else(|_| default_domain.to_owned());
    let with_consent = std::env::var("DEMO_NO_CONSENT").map_or(true, |value| value != "1");

    let listener = tokio::net::TcpListener::bind(&addr).await?;
    let layer = if with_consent { "with" } else { "WITHOUT" };
    println!(
        "demo listening on http://{} ({layer} the consent layer)",
        listener.local_addr()?
    );
    axum::serve(listener, site::router(&cookie_domain, with_consent)).await
}
