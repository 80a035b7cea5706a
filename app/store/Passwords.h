#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <string>

namespace art32 {

/** 32 random bytes as URL-safe base64 (43 characters): a database password nobody has to type. */
SecureBytes randomPassword();

/**
 * The SCRAM-SHA-256 verifier of a password, computed here (libpq's PQencryptPasswordConn), so the plaintext
 * never travels to the server or into its log. The verifier goes into CREATE/ALTER ROLE … PASSWORD.
 */
Result<std::string> scramVerifier(const std::string& role, const SecureBytes& password);

} // namespace art32
