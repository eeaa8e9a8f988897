//! cookielint: lint cookie declarations (the inventory behind a site's cookie
//! charter) against the format's schema and the consent rules.

pub mod source;
pub mod yaml;
