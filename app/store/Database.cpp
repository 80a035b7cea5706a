#include "store/Database.h"

#include "core/Logging.h"

#include <QCoreApplication>
#include <cstring>
#include <libpq-fe.h>
#include <pqxx/transaction>
#include <sodium.h>
#include <vector>

namespace art32 {
namespace {

QString firstLine(const char* what)
{
    return QString::fromUtf8(what).section(QLatin1Char('\n'), 0, 0).trimmed();
}

thread_local const char* tPassword = nullptr;

} // namespace

SecretConnect::SecretConnect(const std::string& conninfoWithoutPassword)
    : pqxx::connectionpolicy(conninfoWithoutPassword)
{ }

void SecretConnect::setPassword(const char* password)
{
    tPassword = password;
}

SecretConnect::handle SecretConnect::do_startconnect(handle orig)
{
    if (orig)
        return orig;
    char* parseError = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(options().c_str(), &parseError);
    if (!parsed) {
        const std::string why = parseError ? parseError : "out of memory";
        PQfreemem(parseError);
        throw pqxx::broken_connection(why);
    }
    std::vector<const char*> keys;
    std::vector<const char*> values;
    for (const PQconninfoOption* o = parsed; o->keyword; ++o) {
        if (o->val && std::strcmp(o->keyword, "password") != 0) {
            keys.push_back(o->keyword);
            values.push_back(o->val);
        }
    }
    if (tPassword) {
        keys.push_back("password");
        values.push_back(tPassword);
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    PGconn* conn = PQconnectdbParams(keys.data(), values.data(), 0);
    PQconninfoFree(parsed);
    if (!conn)
        throw std::bad_alloc();
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string why = PQerrorMessage(conn);
        PQfinish(conn);
        throw pqxx::broken_connection(why);
    }
    return conn;
}

SecretConnect::handle SecretConnect::do_completeconnect(handle orig)
{
    if (!orig)
        orig = do_startconnect(orig);
    return orig;
}

Database::Database(Profile profile)
    : m_profile(std::move(profile))
{ }

Database::~Database() = default;

Result<void> Database::open(SecureBytes password)
{
    // One guarded copy with a terminating NUL, which libpq reads the password from.
    m_password = SecureBytes(password.size() + 1);
    if (password.size())
        memcpy(m_password.data(), password.data(), password.size());
    m_password.data()[password.size()] = 0;
    password.clear();
    m_usePassword = true;
    close();
    return connect();
}

Result<void> Database::openWithoutPassword()
{
    m_password.clear();
    m_usePassword = false;
    close();
    return connect();
}

void Database::close()
{
    m_conn.reset();
}

bool Database::isOpen() const
{
    return m_conn && m_conn->is_open();
}

Result<void> Database::connect()
{
    m_conn.reset();
    if (auto valid = m_profile.validateConnection(); !valid)
        return valid.error();
    // The password goes to libpq on its own (SecretConnect), never into a connection string.
    SecretConnect::setPassword(m_usePassword ? reinterpret_cast<const char*>(m_password.data()) : nullptr);
    try {
        m_conn = std::make_unique<Connection>(m_profile.connectionString());
    } catch (const std::exception& e) {
        SecretConnect::setPassword(nullptr);
        qCInfo(lcStore) << "connect failed for profile" << m_profile.name << ":" << firstLine(e.what());
        return describe(e);
    }
    SecretConnect::setPassword(nullptr);
    ++m_generation;
    qCDebug(lcStore) << "connected profile" << m_profile.name << "backend" << m_conn->backendpid();
    if (m_onConnected) {
        try {
            m_onConnected(*m_conn);
        } catch (const std::exception& e) {
            m_conn.reset();
            return describe(e);
        }
    }
    return {};
}

bool Database::isBroken(const std::exception& e)
{
    return dynamic_cast<const pqxx::broken_connection*>(&e) || dynamic_cast<const pqxx::in_doubt_error*>(&e);
}

Error Database::describe(const std::exception& e)
{
    const QString detail = firstLine(e.what());
    if (dynamic_cast<const pqxx::broken_connection*>(&e)) {
        if (detail.contains(QLatin1String("password authentication failed"))
            || detail.contains(QLatin1String("authentication failed"))
            || detail.contains(QLatin1String("no password supplied")))
            return { QStringLiteral("db.auth"),
                     QCoreApplication::translate(
                         "art32::Database",
                         "The database refused the login for this profile (wrong user name or password).") };
        if (detail.contains(QLatin1String("does not exist")))
            return {
                QStringLiteral("db.missing"),
                QCoreApplication::translate("art32::Database", "The database refused the connection: %1").arg(detail)
            };
        if (detail.contains(QLatin1String("could not connect")) || detail.contains(QLatin1String("Connection refused"))
            || detail.contains(QLatin1String("No such file")) || detail.contains(QLatin1String("could not translate"))
            || detail.contains(QLatin1String("timeout expired")))
            return { QStringLiteral("db.unreachable"),
                     QCoreApplication::translate(
                         "art32::Database",
                         "The database server cannot be reached. Check that it is running and that the profile's "
                         "host and port are right. (%1)")
                         .arg(detail) };
        return {
            QStringLiteral("db.lost"),
            QCoreApplication::translate("art32::Database", "The connection to the database was lost. (%1)").arg(detail)
        };
    }
    if (dynamic_cast<const pqxx::in_doubt_error*>(&e))
        return { QStringLiteral("db.lost"),
                 QCoreApplication::translate(
                     "art32::Database",
                     "The connection was lost while saving; the change may or may not have been stored. Reload "
                     "before trying again.") };
    if (dynamic_cast<const pqxx::insufficient_privilege*>(&e))
        return { QStringLiteral("db.denied"),
                 QCoreApplication::translate("art32::Database", "The database refused this action for your role. (%1)")
                     .arg(detail) };
    if (auto* sql = dynamic_cast<const pqxx::sql_error*>(&e))
        return { QStringLiteral("db.sql"),
                 QCoreApplication::translate("art32::Database", "The database reported an error: %1 (SQLSTATE %2)")
                     .arg(detail, QString::fromStdString(sql->sqlstate())) };
    return { QStringLiteral("db.other"),
             QCoreApplication::translate("art32::Database", "Database error: %1").arg(detail) };
}

} // namespace art32
