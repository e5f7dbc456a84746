//! The key store against a real directory: round trips, refusals and forgetting.

use linli_domain::sealed::{SealAlgorithm, Sealed};
use linli_domain::UserId;
use linli_vault::{Forgetting, Vault, VaultError};
use proptest::prelude::*;

fn resident(n: u128) -> UserId {
    UserId::from_u128(n)
}

fn vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::open_dir(&dir.path().join("keys")).unwrap();
    (dir, vault)
}

#[test]
fn a_sealed_value_opens_to_its_plaintext_and_hides_it_in_json() {
    let (_dir, vault) = vault();
    let sealed = vault.seal(resident(1), b"13812345678").unwrap();
    assert_eq!(sealed.subject(), resident(1));
    assert_eq!(sealed.alg(), SealAlgorithm::Aes256Gcm);
    let json = serde_json::to_string(&sealed).unwrap();
    assert!(!json.contains("13812345678"), "{json}");
    let back: Sealed = serde_json::from_str(&json).unwrap();
    assert_eq!(vault.open(&back).unwrap(), b"13812345678");
}

#[test]
fn sealing_the_same_plaintext_twice_gives_different_ciphertexts() {
    let (_dir, vault) = vault();
    let a = vault.seal(resident(1), b"same").unwrap();
    let b = vault.seal(resident(1), b"same").unwrap();
    assert_ne!(a.nonce(), b.nonce());
    assert_ne!(a.ciphertext(), b.ciphertext());
}

#[test]
fn a_tampered_ciphertext_is_refused() {
    let (_dir, vault) = vault();
    let sealed = vault.seal(resident(1), b"110101199003077777").unwrap();
    let mut bytes = sealed.ciphertext().to_vec();
    bytes[0] ^= 1;
    let tampered = Sealed::new(
        sealed.subject(),
        sealed.alg(),
        sealed.key_version(),
        *sealed.nonce(),
        bytes,
    )
    .unwrap();
    assert!(matches!(
        vault.open(&tampered),
        Err(VaultError::Tampered(_))
    ));
}

#[test]
fn a_value_relabelled_as_another_subjects_is_refused() {
    let (_dir, vault) = vault();
    let sealed = vault.seal(resident(1), b"secret").unwrap();
    vault.seal(resident(2), b"makes a key for 2").unwrap();
    let moved = Sealed::new(
        resident(2),
        sealed.alg(),
        sealed.key_version(),
        *sealed.nonce(),
        sealed.ciphertext().to_vec(),
    )
    .unwrap();
    assert!(matches!(vault.open(&moved), Err(VaultError::Tampered(_))));
}

#[test]
fn a_value_from_another_key_store_is_refused() {
    let (_a, first) = vault();
    let (_b, second) = vault();
    let sealed = first.seal(resident(1), b"secret").unwrap();
    assert!(matches!(second.open(&sealed), Err(VaultError::NoKey(_))));
    second.seal(resident(1), b"its own key").unwrap();
    assert!(matches!(second.open(&sealed), Err(VaultError::Tampered(_))));
}

#[test]
fn keys_survive_reopening_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let sealed = Vault::open_dir(dir.path())
        .unwrap()
        .seal(resident(3), b"kept")
        .unwrap();
    let reopened = Vault::open_dir(dir.path()).unwrap();
    assert_eq!(reopened.open(&sealed).unwrap(), b"kept");
}

#[test]
fn forgetting_destroys_the_key_for_every_open_of_the_store_and_for_good() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::open_dir(dir.path()).unwrap();
    let sealed = vault.seal(resident(4), b"13900000000").unwrap();
    let blob = vault.seal_blob(resident(4), b"ID card scan").unwrap();
    let other = vault.seal(resident(5), b"untouched").unwrap();

    assert_eq!(vault.forget(resident(4)).unwrap(), Forgetting::Destroyed);

    assert!(matches!(vault.open(&sealed), Err(VaultError::Forgotten(_))));
    assert!(matches!(
        vault.open_blob(resident(4), &blob),
        Err(VaultError::Forgotten(_))
    ));
    assert!(matches!(
        vault.seal(resident(4), b"new"),
        Err(VaultError::Forgotten(_))
    ));
    let reopened = Vault::open_dir(dir.path()).unwrap();
    assert!(matches!(
        reopened.open(&sealed),
        Err(VaultError::Forgotten(_))
    ));
    assert!(reopened.is_forgotten(resident(4)).unwrap());
    assert_eq!(reopened.open(&other).unwrap(), b"untouched");
    assert_eq!(
        reopened.forget(resident(4)).unwrap(),
        Forgetting::AlreadyForgotten
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(&resident(4).to_string()) && n.ends_with(".key"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn forgetting_a_subject_with_no_key_still_leaves_a_tombstone() {
    let (_dir, vault) = vault();
    assert_eq!(vault.forget(resident(6)).unwrap(), Forgetting::NoKeyExisted);
    assert!(matches!(
        vault.seal(resident(6), b"x"),
        Err(VaultError::Forgotten(_))
    ));
}

#[test]
fn a_blob_round_trips_and_a_truncated_one_is_refused() {
    let (_dir, vault) = vault();
    let doc = vec![7u8; 100_000];
    let blob = vault.seal_blob(resident(7), &doc).unwrap();
    assert_eq!(vault.open_blob(resident(7), &blob).unwrap(), doc);
    assert!(matches!(
        vault.open_blob(resident(7), &blob[..blob.len() - 1]),
        Err(VaultError::Tampered(_))
    ));
    assert!(matches!(
        vault.open_blob(resident(7), &blob[..10]),
        Err(VaultError::Tampered(_))
    ));
}

#[test]
fn parallel_first_seals_of_one_subject_share_one_key() {
    let (_dir, vault) = vault();
    let sealed: Vec<Sealed> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let vault = vault.clone();
                s.spawn(move || vault.seal(resident(8), format!("v{i}").as_bytes()).unwrap())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let fresh = Vault::open_dir(vault.dir()).unwrap();
    for (i, s) in sealed.iter().enumerate() {
        assert_eq!(fresh.open(s).unwrap(), format!("v{i}").as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_plaintext_round_trips(plaintext in prop::collection::vec(any::<u8>(), 0..512)) {
        let (_dir, vault) = vault();
        let sealed = vault.seal(resident(9), &plaintext).unwrap();
        prop_assert_eq!(vault.open(&sealed).unwrap(), plaintext);
    }
}
