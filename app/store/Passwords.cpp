#include "store/Passwords.h"

#include <QCoreApplication>
#include <libpq-fe.h>
#include <memory>
#include <sodium.h>

namespace art32 {

SecureBytes randomPassword()
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    const size_t len = sodium_base64_encoded_len(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    SecureBytes encoded(len); // includes the terminating NUL
    sodium_bin2base64(reinterpret_cast<char*>(encoded.data()), len, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    SecureBytes password(len - 1);
    memcpy(password.data(), encoded.data(), len - 1);
    return password;
}

Result<std::string> scramVerifier(const std::string& role, const SecureBytes& password)
{
    // With the algorithm named, libpq computes the verifier locally; it only needs a PGconn object, which
    // need not be connected. A malformed connection string gives one without touching the network.
    std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb("art32_no_connection="), &PQfinish);
    SecureBytes cstr(password.size() + 1);
    memcpy(cstr.data(), password.data(), password.size());
    cstr.data()[password.size()] = 0;
    char* verifier
        = PQencryptPasswordConn(conn.get(), reinterpret_cast<const char*>(cstr.data()), role.c_str(), "scram-sha-256");
    if (!verifier)
        return Error { QStringLiteral("password.verifier"),
                       QCoreApplication::translate("art32::Passwords", "Could not compute the password verifier.") };
    std::string out(verifier);
    PQfreemem(verifier);
    return out;
}

} // namespace art32
