//! WeChat Pay wiring: the merchant's keys, the accepted platform keys, and who places
//! orders and refunds — WeChat Pay itself, or the sandbox payer (only with `--pay-sandbox`).
//!
//! Notifications always go through [`notify::handle`], whether WeChat posted them to
//! `POST /api/v1/pay/notify` or the sandbox produced them in-process: the sandbox's key is
//! just one more accepted verifier, so the verification path is the same.

mod args;
pub mod notify;

pub use args::PayArgs;

use linli_wechat::{
    ApiV3Key, AppId, BaseUrl, HttpConfig, JsapiOrder, MchId, MerchantConfig, MerchantSerial,
    NotificationVerifier, PayClient, PayError, PlatformSerial, PlatformVerifiers, PrepayId,
    PrivateKey, PublicKey, RefundRequest, SandboxPayer, SignedNotification, UnixTime,
};

/// Who answers orders and refunds.
#[derive(Debug, Clone)]
enum Payer {
    /// WeChat Pay API v3 (or a fake at the configured base URL).
    Wechat(PayClient),
    /// The local sandbox.
    Sandbox(SandboxPayer),
}

/// Everything the server needs for payments.
#[derive(Debug, Clone)]
pub struct Payments {
    /// The merchant (ids, keys, notify URL).
    merchant: MerchantConfig,
    /// Accepted notification signers and the APIv3 key.
    verifier: NotificationVerifier,
    /// Who places orders and refunds.
    payer: Payer,
}

/// What `wx.requestPayment` needs, or why paying is not possible.
pub type PlaceResult = Result<PrepayId, PayError>;

impl Payments {
    /// The payments these flags describe: `None` if pay is not configured at all.
    pub fn from_args(args: &PayArgs) -> Result<Option<Payments>, String> {
        if args.sandbox {
            return sandbox(args).map(Some);
        }
        let given = [
            args.mchid.is_some(),
            args.appid.is_some(),
            args.api_v3_key.is_some(),
            args.merchant_key.is_some(),
            args.merchant_serial.is_some(),
        ];
        if given.iter().all(|g| !g) {
            return Ok(None);
        }
        let missing = |flag: &str| format!("WeChat Pay needs {flag} (or use --pay-sandbox)");
        let merchant = MerchantConfig {
            mchid: MchId::new(args.mchid.clone().ok_or_else(|| missing("--pay-mchid"))?),
            appid: AppId::new(args.appid.clone().ok_or_else(|| missing("--pay-appid"))?),
            serial: MerchantSerial::new(
                args.merchant_serial
                    .clone()
                    .ok_or_else(|| missing("--pay-merchant-serial"))?,
            ),
            private_key: merchant_key(args)?.ok_or_else(|| missing("--pay-merchant-key"))?,
            api_v3_key: api_v3_key(args)?.ok_or_else(|| missing("--pay-api-v3-key"))?,
            notify_url: args.notify_url.clone(),
        };
        let verifiers = platform_keys(args)?;
        if verifiers.is_empty() {
            return Err(missing("--pay-platform-key"));
        }
        let base = BaseUrl::parse(&args.api_base).map_err(|e| format!("--pay-api-base: {e}"))?;
        let client = PayClient::new(
            merchant.clone(),
            verifiers.clone(),
            base,
            &HttpConfig::default(),
        )
        .map_err(|e| e.to_string())?;
        Ok(Some(Payments {
            verifier: NotificationVerifier::new(verifiers, merchant.api_v3_key.clone()),
            merchant,
            payer: Payer::Wechat(client),
        }))
    }

    /// The merchant, for `paySign`.
    pub fn merchant(&self) -> &MerchantConfig {
        &self.merchant
    }

    /// The notification verifier.
    pub fn verifier(&self) -> &NotificationVerifier {
        &self.verifier
    }

    /// The sandbox payer, if this server runs one.
    pub fn sandbox(&self) -> Option<&SandboxPayer> {
        match &self.payer {
            Payer::Sandbox(s) => Some(s),
            Payer::Wechat(_) => None,
        }
    }

    /// Places a JSAPI order.
    pub async fn place(&self, order: &JsapiOrder) -> PlaceResult {
        match &self.payer {
            Payer::Wechat(client) => client.place_jsapi_order(order).await,
            Payer::Sandbox(sandbox) => Ok(sandbox.place_jsapi_order(order)),
        }
    }

    /// Asks for a refund. WeChat answers later with a notification; the sandbox returns its
    /// notification at once, for the caller to handle like one WeChat posted.
    pub async fn refund(
        &self,
        request: &RefundRequest,
        now: UnixTime,
    ) -> Result<Option<SignedNotification>, String> {
        match &self.payer {
            Payer::Wechat(client) => client
                .refund(request)
                .await
                .map(|_| None)
                .map_err(|e| e.to_string()),
            Payer::Sandbox(sandbox) => sandbox
                .refund_notification(request, linli_wechat::RefundOutcome::Success, now)
                .map(Some)
                .map_err(|e| e.to_string()),
        }
    }
}

fn sandbox(args: &PayArgs) -> Result<Payments, String> {
    tracing::warn!("the sandbox payer is ON: payments are simulated and anyone can pay");
    let mchid = MchId::new(args.mchid.clone().unwrap_or_else(|| "1900000000".into()));
    let appid = AppId::new(
        args.appid
            .clone()
            .unwrap_or_else(|| "wx_linli_sandbox".into()),
    );
    let api_v3_key = match api_v3_key(args)? {
        Some(key) => key,
        None => {
            let random: String = (0..32)
                .map(|_| char::from(b'a' + rand::random::<u8>() % 26))
                .collect();
            ApiV3Key::from_bytes(random.as_bytes()).map_err(|e| e.to_string())?
        }
    };
    let private_key = match merchant_key(args)? {
        Some(key) => key,
        None => PrivateKey::generate_2048().map_err(|e| e.to_string())?,
    };
    let sandbox = SandboxPayer::generate(mchid.clone(), appid.clone(), api_v3_key.clone())
        .map_err(|e| e.to_string())?;
    let mut verifiers = platform_keys(args)?;
    verifiers.insert(sandbox.serial().clone(), sandbox.public_key().clone());
    let merchant = MerchantConfig {
        mchid,
        appid,
        serial: MerchantSerial::new(
            args.merchant_serial
                .clone()
                .unwrap_or_else(|| "SANDBOX".into()),
        ),
        private_key,
        api_v3_key: api_v3_key.clone(),
        notify_url: args.notify_url.clone(),
    };
    Ok(Payments {
        verifier: NotificationVerifier::new(verifiers, api_v3_key),
        merchant,
        payer: Payer::Sandbox(sandbox),
    })
}

fn api_v3_key(args: &PayArgs) -> Result<Option<ApiV3Key>, String> {
    args.api_v3_key
        .as_ref()
        .map(|k| ApiV3Key::from_bytes(k.as_bytes()).map_err(|e| format!("--pay-api-v3-key: {e}")))
        .transpose()
}

fn merchant_key(args: &PayArgs) -> Result<Option<PrivateKey>, String> {
    let Some(path) = &args.merchant_key else {
        return Ok(None);
    };
    let pem = std::fs::read_to_string(path)
        .map_err(|e| format!("--pay-merchant-key {}: {e}", path.display()))?;
    PrivateKey::from_pkcs8_pem(&pem)
        .map(Some)
        .map_err(|e| format!("--pay-merchant-key {}: {e}", path.display()))
}

fn platform_keys(args: &PayArgs) -> Result<PlatformVerifiers, String> {
    let mut verifiers = PlatformVerifiers::new();
    for entry in &args.platform_keys {
        let (serial, path) = entry
            .split_once('=')
            .ok_or_else(|| format!("--pay-platform-key {entry:?}: expected SERIAL=path.pem"))?;
        let serial = PlatformSerial::parse(serial)
            .map_err(|e| format!("--pay-platform-key {serial}: {e}"))?;
        let pem =
            std::fs::read_to_string(path).map_err(|e| format!("--pay-platform-key {path}: {e}"))?;
        let key = PublicKey::from_spki_pem(&pem)
            .map_err(|e| format!("--pay-platform-key {path}: {e}"))?;
        verifiers.insert(serial, key);
    }
    Ok(verifiers)
}
