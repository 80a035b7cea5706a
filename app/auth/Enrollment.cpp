#include "auth/Enrollment.h"

#include "auth/Totp.h"
#include "keychain/Keychain.h"
#include "store/Database.h"
#include "store/Passwords.h"
#include "store/PgWire.h"
#include "store/Profile.h"

#include <QCoreApplication>
#include <pqxx/binarystring>
#include <pqxx/result>
#include <pqxx/transaction>

namespace art32 {
namespace {

pqxx::binarystring bytes(const unsigned char* data, std::size_t size)
{
    return pqxx::binarystring(data, size);
}

} // namespace

Enrollment Enrollment::prepare(const QString& login)
{
    Enrollment e;
    e.m_login = login;
    e.m_keys = keys::generateKeyPair();
    e.m_totpSecret = Totp::generateSecret();
    return e;
}

QString Enrollment::otpauthUri() const
{
    return Totp::otpauthUri(QStringLiteral("Art32 Console"), m_login, m_totpSecret);
}

Result<void> Enrollment::checkCode(const QString& code, const Clock& clock) const
{
    if (!Totp::verify(m_totpSecret, code.trimmed(), clock))
        return Error { QStringLiteral("enroll.wrong_code"),
                       QCoreApplication::translate("art32::Enrollment",
                                                   "That code does not match the new secret. Check that the "
                                                   "authenticator scanned this QR code and that its clock is right.") };
    return {};
}

Result<void> Enrollment::complete(pqxx::connection_base& conn, Keychain& keychain, const Profile& profile,
                                  const QString& code, const Clock& clock)
{
    if (auto r = checkCode(code, clock); !r)
        return r;
    // The private key goes to the keychain first: a failure after this leaves only an unused entry behind.
    const Keychain::Reply stored = keychain.writeNow(profile.privateKeyKey(), m_keys.secretKey.view());
    if (!stored.ok())
        return Error { QStringLiteral("keychain.write"), stored.message };
    return submit(conn, code);
}

Result<void> Enrollment::submit(pqxx::connection_base& conn, const QString& code) const
{
    return Database::guarded([&]() -> Result<void> {
        pqxx::work tx(conn);
        const std::string status
            = tx.exec_params("SELECT art32.enroll($1, $2, $3)",
                             bytes(reinterpret_cast<const unsigned char*>(m_keys.publicKey.constData()),
                                   static_cast<std::size_t>(m_keys.publicKey.size())),
                             bytes(m_totpSecret.data(), m_totpSecret.size()), code.trimmed().toStdString())[0][0]
                  .as<std::string>();
        tx.commit();
        if (status == "ok")
            return {};
        if (status == "already_enrolled")
            return Error { QStringLiteral("enroll.already"),
                           QCoreApplication::translate("art32::Enrollment",
                                                       "This login is enrolled already. A CTO can reset its enrollment "
                                                       "(lost device or keychain).") };
        if (status == "disabled")
            return Error { QStringLiteral("enroll.disabled"),
                           QCoreApplication::translate("art32::Enrollment", "This admin account is disabled.") };
        return Error { QStringLiteral("enroll.wrong_code"),
                       QCoreApplication::translate("art32::Enrollment",
                                                   "The server did not accept the code. Wait for the next code and try "
                                                   "again.") };
    });
}

namespace admins {

Result<QList<AdminInfo>> list(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<QList<AdminInfo>> {
        pqxx::read_transaction tx(conn);
        const pqxx::result r = tx.exec("SELECT login, display_name, role, extract(epoch FROM enrolled_at)::float8, "
                                       "extract(epoch FROM disabled_at)::float8 FROM art32.admins ORDER BY login");
        QList<AdminInfo> out;
        for (const auto& row : r)
            out.append({ QString::fromStdString(row[0].as<std::string>()),
                         QString::fromStdString(row[1].as<std::string>()),
                         roleFromKey(QString::fromStdString(row[2].as<std::string>())), pgwire::epochTime(row[3]),
                         pgwire::epochTime(row[4]) });
        return out;
    });
}

Result<int> create(pqxx::connection_base& conn, const QString& login, const QString& displayName, Role role,
                   const SecureBytes& password)
{
    auto verifier = scramVerifier(login.toStdString(), password);
    if (!verifier)
        return verifier.error();
    return Database::guarded([&]() -> Result<int> {
        pqxx::work tx(conn);
        const int id = tx.exec_params("SELECT art32.admin_create($1, $2, $3, $4)", login.toStdString(),
                                      displayName.toStdString(), roleKey(role).toStdString(), verifier.value())[0][0]
                           .as<int>();
        tx.commit();
        return id;
    });
}

Result<void> resetEnrollment(pqxx::connection_base& conn, const QString& login)
{
    return Database::guarded([&]() -> Result<void> {
        pqxx::work tx(conn);
        tx.exec_params("SELECT art32.admin_reset_enrollment($1)", login.toStdString());
        tx.commit();
        return {};
    });
}

Result<void> setDisabled(pqxx::connection_base& conn, const QString& login, bool disabled)
{
    return Database::guarded([&]() -> Result<void> {
        pqxx::work tx(conn);
        tx.exec_params("SELECT art32.admin_set_disabled($1, $2)", login.toStdString(), disabled);
        tx.commit();
        return {};
    });
}

Result<QList<AdminOverview>> overview(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<QList<AdminOverview>> {
        pqxx::read_transaction tx(conn);
        const pqxx::result r
            = tx.exec("SELECT login, display_name, role, extract(epoch FROM enrolled_at)::float8, "
                      "extract(epoch FROM disabled_at)::float8, extract(epoch FROM last_unlock)::float8, "
                      "extract(epoch FROM locked_until)::float8, array_to_string(kek_versions, ','), "
                      "array_to_string(index_versions, ',') FROM art32.admin_overview()");
        const auto versions = [](const pqxx::field& f) {
            QList<int> out;
            for (const QString& v :
                 QString::fromStdString(f.as<std::string>()).split(QLatin1Char(','), Qt::SkipEmptyParts))
                out.append(v.toInt());
            return out;
        };
        QList<AdminOverview> out;
        for (const auto& row : r) {
            AdminOverview o;
            o.admin
                = { QString::fromStdString(row[0].as<std::string>()), QString::fromStdString(row[1].as<std::string>()),
                    roleFromKey(QString::fromStdString(row[2].as<std::string>())), pgwire::epochTime(row[3]),
                    pgwire::epochTime(row[4]) };
            o.lastUnlock = pgwire::epochTime(row[5]);
            o.lockedUntil = pgwire::epochTime(row[6]);
            o.kekVersions = versions(row[7]);
            o.indexVersions = versions(row[8]);
            out.append(o);
        }
        return out;
    });
}

Result<bool> setRole(pqxx::connection_base& conn, const QString& login, Role role)
{
    return Database::guarded([&]() -> Result<bool> {
        pqxx::work tx(conn);
        const bool changed = tx.exec_params("SELECT art32.admin_set_role($1, $2)", login.toStdString(),
                                            roleKey(role).toStdString())[0][0]
                                 .as<bool>();
        tx.commit();
        return changed;
    });
}

Result<QByteArray> publicKeyOf(pqxx::connection_base& conn, const QString& login)
{
    return Database::guarded([&]() -> Result<QByteArray> {
        pqxx::read_transaction tx(conn);
        const pqxx::result r
            = tx.exec_params("SELECT public_key FROM art32.admins WHERE login = $1", login.toStdString());
        if (r.empty())
            return Error { QStringLiteral("admin.missing"),
                           QCoreApplication::translate("art32::Enrollment",
                                                       "There is no admin named %1 (or you may "
                                                       "not see it).")
                               .arg(login) };
        if (r[0][0].is_null())
            return QByteArray();
        return pgwire::bytes(r[0][0]);
    });
}

} // namespace admins
} // namespace art32
