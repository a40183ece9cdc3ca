//! The demo site: `cargo run --example demo`, then open
//! <http://127.0.0.1:3000>.
//!
//! Environment: `DEMO_ADDR` (default `127.0.0.1:3000`), `DEMO_COOKIE_DOMAIN` (the
//! `Domain` `_ga` is set with; default the host of `DEMO_ADDR`), `DEMO_NO_CONSENT=1`
//! (serve the same routes without the layer, for load-test baselines), `DEMO_RECEIPTS`
//! (where consent receipts are recorded: `sqlite://PATH`, `postgres://…` with the
//! `postgres` feature, or `off`; default `sqlite://consent-receipts.db`, a file in the
//! working directory), `DEMO_UK=1` (the UK statistics exception for the performance
//! category), `DEMO_REGION_HEADER` (the CDN header trusted for the visitor's region:
//! `cf-ipcountry` trusts Cloudflare's `CF-IPCountry` and `cf-region-code`; with it the
//! suggested regimes by region apply, `none` elsewhere). `DEMO_ADMIN_TOKEN` (opens the
//! operator's pages at `/consent/admin` to this bearer token, also accepted through the
//! login form at `/consent/admin/login`; closed when unset), `DEMO_SPOOL` (a folder
//! where refusal receipts the store cannot take are kept on disk until it can; off when
//! unset). The README lists them all.
//!
//! On SIGTERM or Ctrl-C the demo stops taking connections, finishes the requests under
//! way, and writes (or spools) every receipt still waiting before it exits.

mod receipts;
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

    let receipts_url =
        std::env::var("DEMO_RECEIPTS").unwrap_or_else(|_| receipts::DEFAULT_URL.to_owned());
    let spool = std::env::var("DEMO_SPOOL").ok();
    let recorder = match receipts::open(&receipts_url, spool.as_deref()).await {
        Ok(recorder) => recorder,
        Err(message) => {
            eprintln!("demo: {message}");
            std::process::exit(1);
        }
    };
    if let Some(recorder) = &recorder {
        // Receipts a crash left in the spool go to the store before anything else.
        match recorder.start().await {
            Ok(0) => {}
            Ok(replayed) => println!("demo: {replayed} spooled receipts written to the store"),
            Err(error) => {
                eprintln!("demo: {error}");
                std::process::exit(1);
            }
        }
    }

    let listener = tokio::net::TcpListener::bind(&addr).await?;
    let layer = if with_consent { "with" } else { "WITHOUT" };
    let recording = match &recorder {
        Some(_) => format!("receipts in {receipts_url}"),
        None => "no receipts".to_owned(),
    };
    println!(
        "demo listening on http://{} ({layer} the consent layer; {recording})",
        listener.local_addr()?
    );
    let switches = site::Switches::from_env();
    let app = site::router_with(&cookie_domain, with_consent, recorder.clone(), &switches);
    axum::serve(listener, app)
        .with_graceful_shutdown(stop_signal())
        .await?;
    if let Some(recorder) = recorder {
        recorder.shutdown().await;
        let stats = recorder.stats();
        println!(
            "demo: stopped; {} receipts stored, {} spooled, {} refusals dropped",
            stats.stored, stats.spooled, stats.refusals_dropped
        );
    }
    Ok(())
}

/// SIGTERM (a service manager stopping the demo) or Ctrl-C.
async fn stop_signal() {
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("a SIGTERM handler");
    tokio::select! {
        _ = terminate.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
