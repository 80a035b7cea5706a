#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QString>

namespace art32 {

class Clock;

/**
 * RFC 6238 TOTP on the client, with liboath: enrollment secrets, the otpauth:// URI, and codes (the CLI
 * and tests act as the authenticator). The server verifies codes itself (art32.unlock_session); both must
 * agree on the RFC's vectors.
 */
class Totp
{
public:
    static constexpr int kDigits = 6;
    static constexpr int kStep = 30;
    static constexpr int kSecretBytes = 20; // 160 bits, as RFC 4226 recommends

    /** A fresh secret from libsodium's randomness. */
    static SecureBytes generateSecret();
    /** RFC 4648 base32 without padding, as authenticator apps expect. */
    static QString base32(const SecureBytes& secret);
    static Result<SecureBytes> fromBase32(const QString& text);
    /** otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30 */
    static QString otpauthUri(const QString& issuer, const QString& account, const SecureBytes& secret);

    /** The code for a moment (unix seconds), SHA-1, `digits` digits. */
    static Result<QString> codeAt(const SecureBytes& secret, qint64 unixTime, int digits = kDigits);
    static Result<QString> currentCode(const SecureBytes& secret, const Clock& clock);
    /** True when code matches the moment or one step before/after (the server's window). */
    static bool verify(const SecureBytes& secret, const QString& code, const Clock& clock);
};

} // namespace art32
