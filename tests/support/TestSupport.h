#pragma once

#include "crypto/SecureBytes.h"
#include "store/Profile.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <string>

namespace art32 {
class Keychain;
}

namespace art32::test {

/**
 * True when the harness started the real services. Otherwise the calling test must QSKIP, unless
 * ART32_TEST_REQUIRE_SERVICES is set (as the harness does), in which case a missing service is a failure.
 */
bool servicesAvailable();

/** Superuser profile of the harness's PostgreSQL cluster (trust over its private socket). */
Profile superuserProfile(const QString& database = QStringLiteral("postgres"));

/** Drops (if present) and creates a database for one test class; returns its superuser profile. */
Profile freshDatabase(const QString& name);

/** Creates or resets a LOGIN role with a password, optionally in a group role. */
void createLoginRole(const QString& role, const std::string& password, const QString& inGroup = QString());

/** The first column of the first row of a query (no parameters), as superuser: a count, usually. */
long long superuserCount(const QString& database, const std::string& sql);
/** The server's own view: backends of this admin login it counts as unlocked now. */
long long unlockedBackends(const QString& database, const QString& login);

/** Runs one SQL statement (no parameters) as superuser in a database. */
void superuserExec(const QString& database, const std::string& sql);

/** An admin created and enrolled for a test, with its password and private key in the given keychain. */
struct TestAdmin
{
    Profile profile;
    SecureBytes totpSecret;
    QByteArray publicKey;
};

/** Migrates a fresh database with the program's migrations. */
void migrate(const QString& database);
/** Creates (dropping a leftover role of that name first) and enrolls an admin; stores its secrets in keychain. */
TestAdmin enrolledAdmin(const QString& database, const QString& login, const QString& role, Keychain& keychain);
/**
 * The usual fixture: a fresh, migrated database with an enrolled CTO, sysadmin and auditor (logins
 * PREFIX_cto, PREFIX_sys, PREFIX_aud), the keys created by the CTO and sealed to the sysadmin too, and the
 * server clock 60 s ahead (offset) so later codes never replay the ones used here.
 */
struct ThreeAdmins
{
    TestAdmin cto, sysadmin, auditor;
    qint64 offset = 0;
};
ThreeAdmins threeAdmins(const QString& database, const QString& prefix, Keychain& keychain);
/** Removes the admins' keychain entries (password, private key). */
void forgetAdmins(Keychain& keychain, const QList<const TestAdmin*>& admins);

/** Moves the database's server clock (art32.test_clock, superuser only) this many seconds ahead of real time. */
void setServerClockOffset(const QString& database, qint64 seconds);
/** The admin's code at real time + offsetSeconds (use the server clock's offset). */
QString codeFor(const TestAdmin& admin, qint64 offsetSeconds = 0);
/** As the CTO (unlocking with the code at offsetSeconds): creates the keys and seals them to the other admins. */
void initialiseKeys(const TestAdmin& cto, Keychain& keychain, const QList<const TestAdmin*>& sealTo,
                    qint64 offsetSeconds);

/** What a run of a program gave: its exit code (-1 when it did not finish) and what it wrote. */
struct ProgramRun
{
    int exitCode = -1;
    QString out;
    QString err;
};
/**
 * Runs a program (art32ctl, usually) to its end, at most 3 minutes: input goes to its stdin, which is then closed;
 * extra is added to this process's environment.
 */
ProgramRun runProgram(const QString& program, const QStringList& args, const QByteArray& input = QByteArray(),
                      const QProcessEnvironment& extra = QProcessEnvironment());

} // namespace art32::test

/** Skips the test (or fails it under the harness) when the real services are not running. */
#define ART32_REQUIRE_SERVICES()                                                                                       \
    do {                                                                                                               \
        if (!art32::test::servicesAvailable()) {                                                                       \
            if (qEnvironmentVariableIsSet("ART32_TEST_REQUIRE_SERVICES"))                                              \
                QFAIL("the harness's PostgreSQL/Secret Service are not available");                                    \
            QSKIP("needs PostgreSQL and a Secret Service: run through tests/support/harness (scripts/test)");          \
        }                                                                                                              \
    } while (false)
