//! The layer on a plain hyper server, without axum:
//! `cargo run --example hyper`, then `curl -i http://127.0.0.1:3001/`.

use std::convert::Infallible;

use bytes::Bytes;
use http::{Request, Response, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tower::ServiceBuilder;
use tower_cookie_consent::{Category, Consent, ConsentLayer, CookieRule, NECESSARY, Policy};

async fn page(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let analytics = request
        .extensions()
        .get::<Consent>()
        .is_some_and(|consent| consent.allows("performance"));
    let response = Response::builder()
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .header(header::SET_COOKIE, "session=abc; Path=/; HttpOnly")
        .header(header::SET_COOKIE, "_ga=GA1.1.1; Path=/; Max-Age=63072000")
        .body(Full::new(Bytes::from(format!(
            "analytics allowed: {analytics}\n"
        ))))
        .expect("a valid response");
    Ok(response)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let policy = Policy::builder()
        .category(Category::performance())
        .cookie(CookieRule::new("session", NECESSARY).duration("Session"))
        .cookie(CookieRule::new("_ga", "performance").duration("2 years"))
        .consent_cookie_secure(false)
        .build()?;
    let service = ServiceBuilder::new()
        .layer(ConsentLayer::new(policy))
        .service_fn(page);

    let addr = std::env::var("HYPER_ADDR").unwrap_or_else(|_| "127.0.0.1:3001".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!(
        "hyper example listening on http://{}",
        listener.local_addr()?
    );
    loop {
        let (stream, _) = listener.accept().await?;
        let service = TowerToHyperService::new(service.clone());
        tokio::spawn(async move {
            let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            if let Err(error) = connection.await {
                eprintln!("connection error: {error}");
            }
        });
    }
}
