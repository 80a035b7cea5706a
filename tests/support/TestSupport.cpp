#include "TestSupport.h"

#include "auth/Enrollment.h"
#include "auth/KeyAdmin.h"
#include "auth/KeyRing.h"
#include "auth/Totp.h"
#include "auth/Unlock.h"
#include "core/Clock.h"
#include "crypto/Keys.h"
#include "keychain/Keychain.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "store/Passwords.h"

#include <QProcess>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/transaction>
#include <stdexcept>

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

long long superuserCount(const QString& database, const std::string& sql)
{
    pqxx::connection conn(superuserProfile(database).connectionString());
    pqxx::nontransaction tx(conn);
    return tx.exec(sql)[0][0].as<long long>();
}

long long unlockedBackends(const QString& database, const QString& login)
{
    pqxx::connection conn(superuserProfile(database).connectionString());
    pqxx::nontransaction tx(conn);
    return tx
        .exec_params("SELECT count(*) FROM art32.unlocked_sessions u JOIN art32.admins a ON a.id = u.admin_id "
                     "WHERE a.login = $1 AND u.expires_at > art32.now()",
                     login.toStdString())[0][0]
        .as<long long>();
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

void migrate(const QString& database)
{
    pqxx::connection conn(superuserProfile(database).connectionString());
    auto r = Migrator().migrate(conn);
    if (!r)
        throw std::runtime_error(r.error().message.toStdString());
}

TestAdmin enrolledAdmin(const QString& database, const QString& login, const QString& role, Keychain& keychain)
{
    pqxx::connection super(superuserProfile(database).connectionString());
    {
        pqxx::nontransaction tx(super);
        tx.exec("DROP ROLE IF EXISTS " + tx.quote_name(login.toStdString()));
    }
    const SecureBytes password = randomPassword();
    if (auto r = admins::create(super, login, QStringLiteral("Test ") + login, roleFromKey(role), password); !r)
        throw std::runtime_error(r.error().message.toStdString());
    TestAdmin a;
    a.profile = superuserProfile(database);
    a.profile.name = login;
    a.profile.user = login;
    if (!keychain.writeNow(a.profile.passwordKey(), password.view()).ok())
        throw std::runtime_error("keychain write failed");
    Database db(a.profile);
    if (auto r = db.open(SecureBytes::fromByteArray(password.view())); !r)
        throw std::runtime_error(r.error().message.toStdString());
    Enrollment e = Enrollment::prepare(login);
    const QString code = Totp::currentCode(e.totpSecret(), Clock::system()).value();
    auto done
        = db.call([&](pqxx::connection_base& c) { return e.complete(c, keychain, a.profile, code, Clock::system()); });
    if (!done)
        throw std::runtime_error(done.error().message.toStdString());
    a.totpSecret = SecureBytes::fromByteArray(e.totpSecret().view());
    a.publicKey = e.publicKey();
    return a;
}

void setServerClockOffset(const QString& database, qint64 seconds)
{
    pqxx::connection super(superuserProfile(database).connectionString());
    pqxx::work tx(super);
    tx.exec_params("INSERT INTO art32.test_clock (offset_by) VALUES (make_interval(secs => $1)) "
                   "ON CONFLICT (singleton) DO UPDATE SET offset_by = EXCLUDED.offset_by",
                   static_cast<double>(seconds));
    tx.commit();
}

QString codeFor(const TestAdmin& admin, qint64 offsetSeconds)
{
    return Totp::codeAt(admin.totpSecret, QDateTime::currentSecsSinceEpoch() + offsetSeconds).value();
}

void initialiseKeys(const TestAdmin& cto, Keychain& keychain, const QList<const TestAdmin*>& sealTo,
                    qint64 offsetSeconds)
{
    auto password = keychain.readNow(cto.profile.passwordKey());
    auto privateKey = keychain.readNow(cto.profile.privateKeyKey());
    Database db(cto.profile);
    if (!db.open(SecureBytes::fromByteArray(password.secret)))
        throw std::runtime_error("cto cannot connect");
    auto outcome
        = db.call([&](pqxx::connection_base& c) { return unlock::unlockSession(c, codeFor(cto, offsetSeconds)); });
    if (!outcome || !outcome->ok())
        throw std::runtime_error("cto cannot unlock");
    const SecureBytes priv = SecureBytes::fromByteArray(privateKey.secret);
    auto r = db.call([&](pqxx::connection_base& c) -> Result<void> {
        if (auto k = keyadmin::initialiseKeys(c, keys::randomKey(), keys::randomKey(), cto.publicKey); !k)
            return k;
        KeyRing ring;
        if (auto l = ring.load(c, cto.publicKey, priv); !l)
            return l;
        for (const TestAdmin* other : sealTo) {
            if (auto s = keyadmin::sealKeysFor(c, ring, other->profile.user); !s)
                return s.error();
        }
        return unlock::lockSession(c);
    });
    if (!r)
        throw std::runtime_error(r.error().message.toStdString());
}

ThreeAdmins threeAdmins(const QString& database, const QString& prefix, Keychain& keychain)
{
    freshDatabase(database);
    migrate(database);
    ThreeAdmins f;
    f.cto = enrolledAdmin(database, prefix + QStringLiteral("_cto"), QStringLiteral("cto"), keychain);
    f.sysadmin = enrolledAdmin(database, prefix + QStringLiteral("_sys"), QStringLiteral("sysadmin"), keychain);
    f.auditor = enrolledAdmin(database, prefix + QStringLiteral("_aud"), QStringLiteral("auditor"), keychain);
    f.offset = 60;
    setServerClockOffset(database, f.offset);
    initialiseKeys(f.cto, keychain, { &f.sysadmin }, f.offset);
    return f;
}

void forgetAdmins(Keychain& keychain, const QList<const TestAdmin*>& admins)
{
    for (const TestAdmin* a : admins) {
        keychain.removeNow(a->profile.passwordKey());
        keychain.removeNow(a->profile.privateKeyKey());
    }
}

ProgramRun runProgram(const QString& program, const QStringList& args, const QByteArray& input,
                      const QProcessEnvironment& extra)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(extra);
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(180000))
        return { -1, QString(), QStringLiteral("timeout") };
    return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()) };
}

} // namespace art32::test
