//! `linli serve` flags for WeChat Pay and the sandbox payer.

use std::path::PathBuf;

use clap::Args;

/// WeChat Pay settings. Pay is off unless either the merchant settings are complete or
/// `--pay-sandbox` is given.
#[derive(Debug, Clone, Args)]
pub struct PayArgs {
    /// Merchant number (商户号).
    #[arg(id = "pay_mchid", long = "pay-mchid", env = "LINLI_PAY_MCHID")]
    pub mchid: Option<String>,
    /// The AppID orders are placed for (the mini program's).
    #[arg(id = "pay_appid", long = "pay-appid", env = "LINLI_PAY_APPID")]
    pub appid: Option<String>,
    /// The APIv3 key (32 characters) that encrypts notification resources.
    #[arg(
        id = "pay_api_v3_key",
        long = "pay-api-v3-key",
        env = "LINLI_PAY_API_V3_KEY",
        hide_env_values = true
    )]
    pub api_v3_key: Option<String>,
    /// PEM file of the merchant API private key (`apiclient_key.pem`, PKCS#8).
    #[arg(
        id = "pay_merchant_key",
        long = "pay-merchant-key",
        env = "LINLI_PAY_MERCHANT_KEY"
    )]
    pub merchant_key: Option<PathBuf>,
    /// Serial number of the merchant API certificate.
    #[arg(
        id = "pay_merchant_serial",
        long = "pay-merchant-serial",
        env = "LINLI_PAY_MERCHANT_SERIAL"
    )]
    pub merchant_serial: Option<String>,
    /// A WeChat Pay key accepted on notifications and answers: `SERIAL=path.pem` (a public
    /// key PEM). The serial is a platform certificate serial (hex) or a WeChat Pay public key
    /// id (`PUB_KEY_ID_…`); give both during a switch-over. Repeat for several.
    #[arg(
        id = "pay_platform_key",
        long = "pay-platform-key",
        env = "LINLI_PAY_PLATFORM_KEYS",
        value_delimiter = ','
    )]
    pub platform_keys: Vec<String>,
    /// Base URL of WeChat Pay API v3 (tests point it at a loopback fake).
    #[arg(
        id = "pay_api_base",
        long = "pay-api-base",
        env = "LINLI_PAY_API_BASE",
        default_value = "https://api.mch.weixin.qq.com"
    )]
    pub api_base: String,
    /// The public URL of `POST /api/v1/pay/notify`, sent with every order and refund.
    #[arg(
        id = "pay_notify_url",
        long = "pay-notify-url",
        env = "LINLI_PAY_NOTIFY_URL",
        default_value = "https://localhost/api/v1/pay/notify"
    )]
    pub notify_url: String,
    /// Use the built-in sandbox payer instead of WeChat Pay: orders are placed locally and
    /// `POST /api/v1/pay/sandbox/orders/{id}/pay` produces signed, encrypted notifications
    /// with a local key pair. Anyone can then mint payments: never in production.
    #[arg(id = "pay_sandbox", long = "pay-sandbox", env = "LINLI_PAY_SANDBOX")]
    pub sandbox: bool,
}
