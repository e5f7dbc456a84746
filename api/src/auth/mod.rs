//! Authentication and authorization, each in one place.
//!
//! * A client proves who it is once (WeChat `wx.login` code → code2Session, or the
//!   development login when the server was started with `--dev-login`) and receives an
//!   opaque random bearer token. Only the token's SHA-256 is stored, with an expiry.
//! * Every request's [`Principal`] is resolved from the token and the user's current roles
//!   (read from the user's event stream, so a role granted or revoked takes effect at once).
//! * What a principal may see or do is decided by [`scope`], and nowhere else.

mod principal;
pub mod scope;
mod sessions;
mod token;

pub use principal::{AuthError, Principal, StreamPrincipal};
pub use sessions::{Session, SessionStore};
pub use token::BearerToken;
