#pragma once

#include "auth/Role.h"
#include "core/Result.h"
#include "crypto/Keys.h"
#include "crypto/SecureBytes.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace pqxx {
class connection_base;
}

namespace art32 {

class Clock;
class Keychain;
struct Profile;

/**
 * First-run enrollment of an admin on their own machine (DESIGN.md §4.2): an X25519 key pair (private half to
 * the keychain) and a TOTP secret from libsodium's randomness, shown as an otpauth:// URI / QR code. The
 * first code is checked with liboath before anything is stored, and again by the server.
 */
class Enrollment
{
public:
    /** Fresh material for a login; nothing is stored yet. */
    static Enrollment prepare(const QString& login);

    const QString& login() const { return m_login; }
    const QByteArray& publicKey() const { return m_keys.publicKey; }
    const SecureBytes& totpSecret() const { return m_totpSecret; }
    QString otpauthUri() const;

    /**
     * Checks the code locally (liboath), stores the private key in the keychain, then calls art32.enroll.
     * A wrong code changes nothing: error "enroll.wrong_code".
     */
    Result<void> complete(pqxx::connection_base& conn, Keychain& keychain, const Profile& profile, const QString& code,
                          const Clock& clock);

    /** The steps of complete(), for callers that do the keychain write asynchronously (the GUI). */
    Result<void> checkCode(const QString& code, const Clock& clock) const;
    const SecureBytes& privateKey() const { return m_keys.secretKey; }
    Result<void> submit(pqxx::connection_base& conn, const QString& code) const;

private:
    QString m_login;
    KeyPair m_keys;
    SecureBytes m_totpSecret;
};

/** An admin as the caller may see it (RLS: CTO and auditor all, others themselves). */
struct AdminInfo
{
    QString login;
    QString displayName;
    Role role = Role::None;
    QDateTime enrolledAt;
    QDateTime disabledAt;
};

/** An admin as the Admins tab shows it to a CTO or an auditor (art32.admin_overview): no secret, no key. */
struct AdminOverview
{
    AdminInfo admin;
    QDateTime lastUnlock; ///< invalid: never unlocked (as far as the audit log tells)
    QDateTime lockedUntil; ///< invalid unless locked out now (TOTP failures)
    QList<int> kekVersions; ///< sealed copies held
    QList<int> indexVersions;
};

/** Administration by a CTO (or a superuser during bootstrap); enforced by the server's definer functions. */
namespace admins {

Result<QList<AdminInfo>> list(pqxx::connection_base& conn);

/** Creates the admin's LOGIN role with this password (sent as a SCRAM verifier only) and the admins row. */
Result<int> create(pqxx::connection_base& conn, const QString& login, const QString& displayName, Role role,
                   const SecureBytes& password);
Result<void> resetEnrollment(pqxx::connection_base& conn, const QString& login);
Result<void> setDisabled(pqxx::connection_base& conn, const QString& login, bool disabled);
/** Every admin with last unlock, lockout and key versions held (CTO and auditor). */
Result<QList<AdminOverview>> overview(pqxx::connection_base& conn);
/** Moves another admin to a role (group membership and row); false when it had it already. Audited. */
Result<bool> setRole(pqxx::connection_base& conn, const QString& login, Role role);
/** The public key of an enrolled admin, as the CTO sees it (empty when not enrolled). */
Result<QByteArray> publicKeyOf(pqxx::connection_base& conn, const QString& login);

} // namespace admins
} // namespace art32
