#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>

namespace art32 {

/** An admin's X25519 key pair: the public half is stored server-side, the private half in the keychain. */
struct KeyPair
{
    QByteArray publicKey; ///< 32 bytes
    SecureBytes secretKey; ///< 32 bytes
};

namespace keys {

constexpr int kKeyBytes = 32;

KeyPair generateKeyPair();
/** The public key that belongs to a private key (to check a keychain entry against the server). */
QByteArray publicKeyOf(const SecureBytes& secretKey);
/** A fresh random 256-bit key (KEK, index key). */
SecureBytes randomKey();
/** Seals a key to a public key (crypto_box_seal): only the holder of the private key can open it. */
QByteArray seal(const SecureBytes& key, const QByteArray& publicKey);
/** Opens a sealed key; fails (code "keys.open") if it was not sealed to this key pair or was altered. */
Result<SecureBytes> open(const QByteArray& sealed, const QByteArray& publicKey, const SecureBytes& secretKey);

} // namespace keys
} // namespace art32
