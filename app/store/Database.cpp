#include "store/Database.h"

#include "core/Logging.h"

#include <QCoreApplication>
#include <pqxx/transaction>
#include <sodium.h>

namespace art32 {
namespace {

QString firstLine(const char* what)
{
    return QString::fromUtf8(what).section(QLatin1Char('\n'), 0, 0).trimmed();
}

} // namespace

Database::Database(Profile profile)
    : m_profile(std::move(profile))
{ }

Database::~Database() = default;

Result<void> Database::open(SecureBytes password)
{
    m_password = std::move(password);
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
    SecureBytes conninfo;
    {
        // The password is in the connection string only for the moment libpq needs it.
        std::string s = m_profile.connectionString(m_usePassword ? m_password.view() : QByteArray());
        conninfo = SecureBytes::fromByteArray(QByteArray::fromStdString(s));
        sodium_memzero(s.data(), s.size());
    }
    try {
        m_conn = std::make_unique<pqxx::connection>(
            std::string(reinterpret_cast<const char*>(conninfo.data()), conninfo.size()));
    } catch (const std::exception& e) {
        qCInfo(lcStore) << "connect failed for profile" << m_profile.name << ":" << firstLine(e.what());
        return describe(e);
    }
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
