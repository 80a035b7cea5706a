#include "TestSupport.h"

#include <pqxx/connection>
#include <pqxx/nontransaction>

namespace art32::test {

bool servicesAvailable()
{
    return qEnvironmentVariableIsSet("ART32_TEST_PGHOST") && qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS");
}

Profile superuserProfile(const QString& database)
{
    Profile p;
    p.name = QStringLiteral("test-superuser");
    p.host = qEnvironmentVariable("ART32_TEST_PGHOST");
    p.port = qEnvironmentVariable("ART32_TEST_PGPORT");
    p.user = qEnvironmentVariable("ART32_TEST_PGUSER");
    p.database = database;
    return p;
}

void superuserExec(const QString& database, const std::string& sql)
{
    pqxx::connection conn(superuserProfile(database).connectionString());
    pqxx::nontransaction tx(conn);
    tx.exec(sql);
}

Profile freshDatabase(const QString& name)
{
    pqxx::connection conn(superuserProfile().connectionString());
    pqxx::nontransaction tx(conn);
    const std::string quoted = tx.quote_name(name.toStdString());
    tx.exec("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
    tx.exec("CREATE DATABASE " + quoted);
    return superuserProfile(name);
}

void createLoginRole(const QString& role, const std::string& password, const QString& inGroup)
{
    pqxx::connection conn(superuserProfile().connectionString());
    pqxx::nontransaction tx(conn);
    const std::string name = tx.quote_name(role.toStdString());
    if (tx.exec_params("SELECT 1 FROM pg_roles WHERE rolname = $1", role.toStdString()).empty())
        tx.exec("CREATE ROLE " + name + " LOGIN");
    tx.exec("ALTER ROLE " + name + " PASSWORD " + tx.quote(password));
    if (!inGroup.isEmpty())
        tx.exec("GRANT " + tx.quote_name(inGroup.toStdString()) + " TO " + name);
}

} // namespace art32::test
