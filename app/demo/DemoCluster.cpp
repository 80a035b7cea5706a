#include "demo/DemoCluster.h"

#include "auth/Enrollment.h"
#include "auth/KeyAdmin.h"
#include "auth/KeyRing.h"
#include "auth/Totp.h"
#include "auth/Unlock.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "crypto/Keys.h"
#include "crypto/SecureBytes.h"
#include "keychain/Keychain.h"
#include "records/Seeder.h"
#include "store/Database.h"
#include "store/Passwords.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QVersionNumber>
#include <grp.h>
#include <libpq-fe.h>
#include <pqxx/nontransaction>
#include <pqxx/transaction>
#include <pwd.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

namespace art32 {
namespace {

bool isRoot()
{
    return geteuid() == 0;
}

const char* const kServerUserWhenRoot = "postgres";

QString currentOsUser()
{
    const passwd* pw = getpwuid(geteuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : QString();
}

Result<void> writeFile(const QString& path, const QByteArray& content, QIODevice::OpenMode mode = QIODevice::Truncate)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | mode) || f.write(content) != content.size())
        return Error {
            QStringLiteral("demo.write"),
            QCoreApplication::translate("art32::DemoCluster", "Could not write %1: %2").arg(path, f.errorString())
        };
    return {};
}

/** Makes a directory that only the server's OS user can enter (as root: owned by that user). */
Result<void> makePrivateDir(const QString& path)
{
    if (!QDir().mkpath(path))
        return Error {
            QStringLiteral("demo.mkdir"),
            QCoreApplication::translate("art32::DemoCluster", "Could not create the directory %1.").arg(path)
        };
    const QByteArray native = QFile::encodeName(path);
    if (isRoot()) {
        const passwd* pw = getpwnam(kServerUserWhenRoot);
        if (!pw)
            return Error { QStringLiteral("demo.user"),
                           QCoreApplication::translate(
                               "art32::DemoCluster",
                               "PostgreSQL refuses to run as root and the user \"postgres\" does not exist. Install "
                               "the postgresql package or run as an ordinary user.") };
        if (chown(native.constData(), pw->pw_uid, pw->pw_gid) != 0)
            return Error {
                QStringLiteral("demo.chown"),
                QCoreApplication::translate("art32::DemoCluster", "Could not hand %1 to the postgres user.").arg(path)
            };
    }
    if (chmod(native.constData(), 0700) != 0)
        return Error {
            QStringLiteral("demo.chmod"),
            QCoreApplication::translate("art32::DemoCluster", "Could not restrict access to %1.").arg(path)
        };
    return {};
}

/** Sets a role's password from a verifier computed on the client. ALTER ROLE takes no bind parameters; the
 * verifier is quoted by libpqxx. */
void setRolePassword(pqxx::connection_base& conn, const std::string& role, const SecureBytes& password)
{
    auto verifier = scramVerifier(role, password);
    if (!verifier)
        throw std::runtime_error(verifier.error().message.toStdString());
    pqxx::nontransaction tx(conn);
    tx.exec("ALTER ROLE " + tx.quote_name(role) + " PASSWORD " + tx.quote(verifier.value()));
}

} // namespace

DemoCluster::DemoCluster(QString directory)
    : m_dir(std::move(directory))
{ }

QString DemoCluster::defaultDirectory()
{
    const QString env = qEnvironmentVariable("ART32_DEMO_DIR");
    if (!env.isEmpty())
        return QDir::cleanPath(QDir(env).absolutePath());
    if (isRoot())
        return QStringLiteral("/var/lib/art32/demo"); // reachable by the postgres user, unlike /root
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
}

QString DemoCluster::dataDirectory() const
{
    return m_dir + QStringLiteral("/pgdata");
}

QString DemoCluster::socketDirectory() const
{
    return m_dir + QStringLiteral("/run");
}

QString DemoCluster::logFile() const
{
    return m_dir + QStringLiteral("/postgresql.log");
}

Result<QString> DemoCluster::serverBinaries()
{
    const QString env = qEnvironmentVariable("ART32_PG_BINDIR");
    if (!env.isEmpty()) {
        if (QFileInfo(env + QStringLiteral("/initdb")).isExecutable())
            return env;
        return Error {
            QStringLiteral("demo.binaries"),
            QCoreApplication::translate("art32::DemoCluster", "ART32_PG_BINDIR=%1 holds no initdb.").arg(env)
        };
    }
    QDir base(QStringLiteral("/usr/lib/postgresql"));
    QVersionNumber best;
    QString bestDir;
    for (const QString& v : base.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString bin = base.filePath(v) + QStringLiteral("/bin");
        const QVersionNumber n = QVersionNumber::fromString(v);
        if (QFileInfo(bin + QStringLiteral("/initdb")).isExecutable() && n > best) {
            best = n;
            bestDir = bin;
        }
    }
    if (!bestDir.isEmpty())
        return bestDir;
    const QString inPath = QStandardPaths::findExecutable(QStringLiteral("initdb"));
    if (!inPath.isEmpty())
        return QFileInfo(inPath).absolutePath();
    return Error { QStringLiteral("demo.binaries"),
                   QCoreApplication::translate(
                       "art32::DemoCluster",
                       "The PostgreSQL server programs (initdb, pg_ctl) were not found. Install them, e.g. "
                       "\"sudo apt-get install postgresql-15\", or set ART32_PG_BINDIR.") };
}

Result<ProcessOutput> DemoCluster::runServerTool(const QString& tool, const QStringList& arguments) const
{
    auto bin = serverBinaries();
    if (!bin)
        return bin.error();
    const QString program = bin.value() + QLatin1Char('/') + tool;
    // Run from a directory the server user can enter; pg_ctl and initdb look up their working directory.
    if (isRoot())
        return runProcess(
            QStringLiteral("runuser"),
            QStringList { QStringLiteral("-u"), QLatin1String(kServerUserWhenRoot), QStringLiteral("--"), program }
                + arguments,
            m_dir);
    return runProcess(program, arguments, m_dir);
}

const DemoCluster::DemoAdmin DemoCluster::kAdmins[3] = {
    { "demo_cto", "cto", "Demo CTO" },
    { "demo_sysadmin", "sysadmin", "Demo System Administrator" },
    { "demo_auditor", "auditor", "Demo Auditor" },
};

Profile DemoCluster::profile(const QString& login) const
{
    Profile p;
    p.name = login;
    p.host = socketDirectory();
    p.port = QString::number(kPort);
    p.database = QLatin1String(kDatabase);
    p.user = login;
    p.demo = true;
    return p;
}

Profile DemoCluster::maintenanceProfile(const QString& database) const
{
    Profile p = profile();
    p.name = QStringLiteral("demo-maintenance");
    p.database = database;
    p.user = QLatin1String(kMaintRole);
    return p;
}

Result<DemoCluster::State> DemoCluster::state() const
{
    State s;
    s.directory = m_dir;
    s.serverUser = isRoot() ? QLatin1String(kServerUserWhenRoot) : currentOsUser();
    // Only a cluster whose set-up ran to the end counts (initdb alone leaves it reachable by no one).
    s.initialised = QFileInfo::exists(dataDirectory() + QStringLiteral("/PG_VERSION"))
        && QFileInfo::exists(m_dir + QStringLiteral("/art32-ready"));
    if (!s.initialised)
        return s;
    auto running = isRunning();
    if (!running)
        return running.error();
    s.running = running.value();
    if (s.running) {
        Database db(maintenanceProfile(QLatin1String(kDatabase)));
        if (db.openWithoutPassword()) {
            auto schema = db.run([](pqxx::connection_base& c) { return Migrator().status(c); });
            if (schema && schema.value()) {
                s.schema = schema.value().value();
                s.schemaKnown = true;
            }
        }
    }
    return s;
}

Result<void> DemoCluster::initialise(const Progress& progress)
{
    if (progress)
        progress(QCoreApplication::translate("art32::DemoCluster", "Creating the demo cluster in %1").arg(m_dir));
    if (QFileInfo::exists(dataDirectory() + QStringLiteral("/PG_VERSION"))) {
        // An earlier set-up stopped half-way: start over (a demo cluster holds nothing worth keeping yet).
        down();
        QDir(dataDirectory()).removeRecursively();
    }
    if (auto r = makePrivateDir(m_dir); !r)
        return r;
    if (auto r = makePrivateDir(dataDirectory()); !r)
        return r;
    if (auto r = makePrivateDir(socketDirectory()); !r)
        return r;

    auto init = runServerTool(QStringLiteral("initdb"),
                              { QStringLiteral("-D"), dataDirectory(), QStringLiteral("-U"), QLatin1String(kMaintRole),
                                QStringLiteral("--auth-local=peer"), QStringLiteral("--auth-host=reject"),
                                QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C"),
                                QStringLiteral("--no-instructions") });
    if (!init)
        return init.error();
    if (init->exitCode != 0)
        return Error {
            QStringLiteral("demo.initdb"),
            QCoreApplication::translate("art32::DemoCluster", "initdb failed: %1").arg(init->stdErr.trimmed())
        };

    // Unix socket only; the maintenance role by peer authentication for the OS user who made the cluster,
    // everyone else by SCRAM password.
    const QByteArray conf = QStringLiteral("\n# Art32 Console demo cluster\n"
                                           "listen_addresses = ''\n"
                                           "unix_socket_directories = '%1'\n"
                                           "unix_socket_permissions = 0700\n"
                                           "port = %2\n"
                                           "password_encryption = 'scram-sha-256'\n")
                                .arg(socketDirectory())
                                .arg(kPort)
                                .toUtf8();
    if (auto r = writeFile(dataDirectory() + QStringLiteral("/postgresql.conf"), conf, QIODevice::Append); !r)
        return r;
    const QByteArray hba = QStringLiteral("# Art32 Console demo cluster: unix socket only.\n"
                                          "local all %1 peer map=art32\n"
                                          "local all all scram-sha-256\n")
                               .arg(QLatin1String(kMaintRole))
                               .toUtf8();
    if (auto r = writeFile(dataDirectory() + QStringLiteral("/pg_hba.conf"), hba); !r)
        return r;
    const QByteArray ident = QStringLiteral("art32 %1 %2\n").arg(currentOsUser(), QLatin1String(kMaintRole)).toUtf8();
    if (auto r = writeFile(dataDirectory() + QStringLiteral("/pg_ident.conf"), ident); !r)
        return r;
    return writeFile(m_dir + QStringLiteral("/art32-ready"), QByteArrayLiteral("set up by art32ctl demo up\n"));
}

Result<bool> DemoCluster::isRunning() const
{
    auto st
        = runServerTool(QStringLiteral("pg_ctl"), { QStringLiteral("status"), QStringLiteral("-D"), dataDirectory() });
    if (!st)
        return st.error();
    return st->exitCode == 0;
}

Result<void> DemoCluster::start()
{
    auto r = runServerTool(QStringLiteral("pg_ctl"),
                           { QStringLiteral("start"), QStringLiteral("-w"), QStringLiteral("-s"), QStringLiteral("-D"),
                             dataDirectory(), QStringLiteral("-l"), logFile() });
    if (!r)
        return r.error();
    if (r->exitCode != 0)
        return Error { QStringLiteral("demo.start"),
                       QCoreApplication::translate("art32::DemoCluster",
                                                   "The demo database server did not start (see %1): %2")
                           .arg(logFile(), r->stdErr.trimmed()) };
    return {};
}

Result<QString> DemoCluster::demoCode(const Profile& profile, Keychain& keychain, int step)
{
    if (!profile.demo)
        return Error { QStringLiteral("demo.not_demo"),
                       QCoreApplication::translate("art32::DemoCluster",
                                                   "Profile \"%1\" is not a demo profile: its codes come only from its "
                                                   "owner's authenticator.")
                           .arg(profile.name) };
    Keychain::Reply stored = keychain.readNow(profile.demoTotpKey());
    if (!stored.ok())
        return Error { QStringLiteral("keychain.read"), stored.message };
    const SecureBytes secret = SecureBytes::fromByteArray(stored.secret);
    wipe(stored.secret);
    return Totp::codeAt(secret, Clock::system().secondsSinceEpoch() + step * Totp::kStep);
}

namespace {

/** Reads a keychain entry into guarded memory; NotFound gives an empty value, other failures an error. */
Result<SecureBytes> readOptional(Keychain& keychain, const QString& key)
{
    Keychain::Reply r = keychain.readNow(key);
    if (r.status == Keychain::Status::NotFound)
        return SecureBytes();
    if (!r.ok())
        return Error { QStringLiteral("keychain.read"), r.message };
    SecureBytes value = SecureBytes::fromByteArray(r.secret);
    wipe(r.secret);
    return value;
}

Result<void> writeSecret(Keychain& keychain, const QString& key, const SecureBytes& value)
{
    const Keychain::Reply r = keychain.writeNow(key, value.view());
    if (!r.ok())
        return Error { QStringLiteral("keychain.write"), r.message };
    return {};
}

/** Unlocks a demo admin's connection with the code from its secret (the next step's if this one is used). */
Result<void> unlockDemo(Database& db, const SecureBytes& totpSecret)
{
    for (int step = 0; step <= 1; ++step) {
        const QString code = Totp::codeAt(totpSecret, Clock::system().secondsSinceEpoch() + step * Totp::kStep).value();
        auto r = db.run([&](pqxx::connection_base& c) { return unlock::unlockSession(c, code); });
        if (!r)
            return r.error();
        if (!r.value())
            return r.value().error();
        if (r.value()->ok())
            return {};
        if (r.value()->status != UnlockOutcome::Status::Replayed)
            return Error { QStringLiteral("demo.unlock"), r.value()->message() };
    }
    return Error { QStringLiteral("demo.unlock"), UnlockOutcome { UnlockOutcome::Status::Replayed, {}, {} }.message() };
}

} // namespace

Result<void> DemoCluster::ensureAdmin(const DemoAdmin& admin, ProfileStore& profiles, Keychain& keychain,
                                      const Progress& progress, const Enrolled& enrolled)
{
    const QString login = QLatin1String(admin.login);
    const Profile p = profile(login);

    auto password = readOptional(keychain, p.passwordKey());
    if (!password)
        return password.error();
    if (password->isEmpty()) {
        password = randomPassword();
        if (auto r = writeSecret(keychain, p.passwordKey(), password.value()); !r)
            return r;
    }

    Database maint(maintenanceProfile(QLatin1String(kDatabase)));
    if (auto r = maint.openWithoutPassword(); !r)
        return r;
    auto exists = maint.run([&](pqxx::connection_base& c) {
        pqxx::read_transaction tx(c);
        return !tx.exec_params("SELECT 1 FROM art32.admins WHERE login = $1", login.toStdString()).empty();
    });
    if (!exists)
        return exists.error();
    if (!exists.value()) {
        if (progress)
            progress(QCoreApplication::translate("art32::DemoCluster", "Creating the demo admin %1").arg(login));
        auto created = maint.run([&](pqxx::connection_base& c) {
            return admins::create(c, login, QString::fromUtf8(admin.displayName), QLatin1String(admin.role),
                                  password.value());
        });
        if (!created)
            return created.error();
        if (!created.value())
            return created.value().error();
    } else {
        // The keychain is the source of truth for the demo passwords.
        auto set
            = maint.run([&](pqxx::connection_base& c) { setRolePassword(c, login.toStdString(), password.value()); });
        if (!set)
            return set;
    }

    Database db(p);
    if (auto r = db.open(SecureBytes::fromByteArray(password->view())); !r)
        return r;
    auto me = db.run([](pqxx::connection_base& c) { return unlock::whoami(c); });
    if (!me)
        return me.error();
    if (!me.value())
        return me.value().error();
    auto privateKey = readOptional(keychain, p.privateKeyKey());
    if (!privateKey)
        return privateKey.error();
    auto totp = readOptional(keychain, p.demoTotpKey());
    if (!totp)
        return totp.error();
    const bool usable = me.value()->enrolled && !privateKey->isEmpty() && !totp->isEmpty()
        && keys::publicKeyOf(privateKey.value()) == me.value()->publicKey;
    if (!usable) {
        if (me.value()->enrolled) {
            // The keychain lost this admin's secrets (e.g. a throwaway keyring): enroll it again.
            if (progress)
                progress(QCoreApplication::translate("art32::DemoCluster",
                                                     "The keychain has no usable keys for %1: enrolling it again")
                             .arg(login));
            auto reset = maint.call([&](pqxx::connection_base& c) { return admins::resetEnrollment(c, login); });
            if (!reset)
                return reset;
        }
        Enrollment e = Enrollment::prepare(login);
        if (auto r = writeSecret(keychain, p.demoTotpKey(), e.totpSecret()); !r)
            return r;
        const QString code = Totp::currentCode(e.totpSecret(), Clock::system()).value();
        auto done
            = db.call([&](pqxx::connection_base& c) { return e.complete(c, keychain, p, code, Clock::system()); });
        if (!done)
            return done;
        if (progress)
            progress(QCoreApplication::translate("art32::DemoCluster", "Enrolled the demo admin %1").arg(login));
        if (enrolled)
            enrolled(login, e.otpauthUri());
    }
    return profiles.save(p);
}

Result<void> DemoCluster::ensureKeys(Keychain& keychain, const Progress& progress)
{
    Database maint(maintenanceProfile(QLatin1String(kDatabase)));
    if (auto r = maint.openWithoutPassword(); !r)
        return r;
    auto holders = maint.run([](pqxx::connection_base& c) {
        pqxx::read_transaction tx(c);
        const pqxx::row r
            = tx.exec("SELECT (SELECT count(*) FROM art32.kek_versions), "
                      "       (SELECT count(*) FROM art32.sealed_keys s JOIN art32.admins a ON a.id = s.admin_id "
                      "         WHERE a.login = 'demo_cto' AND s.kind = 'kek'), "
                      "       (SELECT count(*) FROM art32.sealed_keys s JOIN art32.admins a ON a.id = s.admin_id "
                      "         WHERE a.login = 'demo_sysadmin' AND s.kind = 'kek')")[0];
        return std::array<long long, 3> { r[0].as<long long>(), r[1].as<long long>(), r[2].as<long long>() };
    });
    if (!holders)
        return holders.error();
    auto [versions, ctoHolds, sysadminHolds] = holders.value();
    if (versions > 0 && ctoHolds == 0) {
        // Demo only: nobody who is enrolled can open the old KEK any more, so start the key hierarchy afresh.
        if (progress)
            progress(QCoreApplication::translate("art32::DemoCluster",
                                                 "The demo CTO no longer holds the demo KEK: creating new demo keys"));
        auto cleared = maint.run([](pqxx::connection_base& c) {
            pqxx::work tx(c);
            tx.exec("DELETE FROM art32.sealed_keys");
            tx.exec("DELETE FROM art32.kek_versions");
            tx.exec_params("INSERT INTO art32.audit_events (action, object) VALUES ($1, $2)", "demo.keys_reset",
                           "demo");
            tx.commit();
        });
        if (!cleared)
            return cleared;
        versions = 0;
        sysadminHolds = 0;
    }
    if (versions > 0 && sysadminHolds > 0)
        return {};

    const Profile cto = profile(QStringLiteral("demo_cto"));
    auto password = readOptional(keychain, cto.passwordKey());
    auto privateKey = readOptional(keychain, cto.privateKeyKey());
    auto totp = readOptional(keychain, cto.demoTotpKey());
    for (const auto* r : { &password, &privateKey, &totp }) {
        if (!*r)
            return r->error();
    }
    Database db(cto);
    if (auto r = db.open(std::move(password).value()); !r)
        return r;
    if (auto r = unlockDemo(db, totp.value()); !r)
        return r;
    const QByteArray publicKey = keys::publicKeyOf(privateKey.value());

    if (versions == 0) {
        if (progress)
            progress(QCoreApplication::translate("art32::DemoCluster", "Creating the key-encryption key (version 1)"));
        const SecureBytes kek = keys::randomKey();
        const SecureBytes index = keys::randomKey();
        auto init
            = db.call([&](pqxx::connection_base& c) { return keyadmin::initialiseKeys(c, kek, index, publicKey); });
        if (!init)
            return init;
    }
    if (progress)
        progress(QCoreApplication::translate("art32::DemoCluster", "Sealing the KEK to demo_sysadmin"));
    auto sealed = db.call([&](pqxx::connection_base& c) -> Result<int> {
        KeyRing ring;
        if (auto r = ring.load(c, publicKey, privateKey.value()); !r)
            return r.error();
        return keyadmin::sealKeysFor(c, ring, QStringLiteral("demo_sysadmin"));
    });
    if (!sealed)
        return sealed.error();
    return {};
}

Result<void> DemoCluster::up(ProfileStore& profiles, Keychain& keychain, const Progress& progress,
                             const Enrolled& enrolled)
{
    auto bin = serverBinaries();
    if (!bin)
        return bin.error();

    // Fail before creating anything when the keychain cannot hold the demo password.
    const Keychain::Reply probe = keychain.readNow(profile().passwordKey());
    if (probe.status != Keychain::Status::Ok && probe.status != Keychain::Status::NotFound)
        return Error { QStringLiteral("keychain.unavailable"), probe.message };

    auto current = state();
    if (!current)
        return current.error();
    if (!current->initialised) {
        if (auto r = initialise(progress); !r)
            return r.error();
    }
    if (!current->running) {
        if (progress)
            progress(QCoreApplication::translate("art32::DemoCluster", "Starting the demo database server"));
        if (auto r = start(); !r)
            return r.error();
    }

    Database postgres(maintenanceProfile(QStringLiteral("postgres")));
    if (auto r = postgres.openWithoutPassword(); !r)
        return r.error();
    auto created = postgres.run([](pqxx::connection_base& conn) {
        pqxx::nontransaction tx(conn);
        if (tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", std::string(kDatabase)).empty())
            tx.exec("CREATE DATABASE " + tx.quote_name(kDatabase));
    });
    if (!created)
        return created.error();
    postgres.close();

    if (progress)
        progress(QCoreApplication::translate("art32::DemoCluster", "Migrating the demo database"));
    Database maint(maintenanceProfile(QLatin1String(kDatabase)));
    if (auto r = maint.openWithoutPassword(); !r)
        return r.error();
    auto migrated = maint.run([&](pqxx::connection_base& conn) {
        return Migrator().migrate(conn, [&](int done, int total, const Migration& m) {
            if (progress)
                progress(QCoreApplication::translate("art32::DemoCluster", "Applied migration %1 (%2 of %3)")
                             .arg(m.label())
                             .arg(done)
                             .arg(total));
        });
    });
    if (!migrated)
        return migrated.error();
    if (!migrated.value())
        return migrated.value().error();

    for (const DemoAdmin& admin : kAdmins) {
        if (auto r = ensureAdmin(admin, profiles, keychain, progress, enrolled); !r)
            return r;
    }
    if (auto r = ensureKeys(keychain, progress); !r)
        return r;
    if (progress)
        progress(QCoreApplication::translate("art32::DemoCluster",
                                             "The demo is ready: profiles demo_cto, "
                                             "demo_sysadmin and demo_auditor"));
    return {};
}

Result<qint64> DemoCluster::seed(Keychain& keychain, qint64 accounts,
                                 const std::function<void(qint64, qint64)>& progress)
{
    const Profile cto = profile(QStringLiteral("demo_cto"));
    auto privateKey = readOptional(keychain, cto.privateKeyKey());
    for (const auto* r : { &privateKey }) {
        if (!*r)
            return r->error();
        if (r->value().isEmpty())
            return Error { QStringLiteral("demo.not_up"),
                           QCoreApplication::translate(
                               "art32::DemoCluster",
                               "The demo admins are not set up in this keychain: run \"art32ctl "
                               "demo up\" first.") };
    }
    // Demo upkeep: the maintenance role reads the demo CTO's sealed keys (no TOTP round needed), and only the
    // CTO's private key from this keychain opens them.
    Database maint(maintenanceProfile(QLatin1String(kDatabase)));
    if (auto r = maint.openWithoutPassword(); !r)
        return r.error();
    KeyRing ring;
    if (auto r = maint.call([&](pqxx::connection_base& c) {
            return ring.load(c, keys::publicKeyOf(privateKey.value()), privateKey.value());
        });
        !r)
        return r.error();
    if (!ring.hasKek() || ring.indexVersion() == 0)
        return Error { QStringLiteral("demo.no_keys"),
                       QCoreApplication::translate("art32::DemoCluster",
                                                   "The demo CTO holds no keys: run \"art32ctl demo up\".") };

    // The platform writes records; for the demo the maintenance role plays that part.
    const int kekVersion = ring.kekVersion();
    const int indexVersion = ring.indexVersion();
    auto written = ring.withKek(kekVersion, [&](const SecureBytes& kek) {
        return ring.withIndexKey(indexVersion, [&](const SecureBytes& indexKey) {
            return maint.call([&](pqxx::connection_base& c) {
                return Seeder::seed(c, Seeder::Keys { kek, kekVersion, indexKey, indexVersion }, accounts,
                                    static_cast<quint64>(QDateTime::currentMSecsSinceEpoch()), progress);
            });
        });
    });
    if (!written)
        return written.error();
    if (!written.value())
        return written.value().error();
    if (!written.value().value())
        return written.value().value().error();
    auto analysed = maint.run([](pqxx::connection_base& c) {
        pqxx::nontransaction tx(c);
        tx.exec("ANALYZE art32.accounts, art32.account_keys, art32.records, art32.blind_index");
    });
    Q_UNUSED(analysed);
    return written.value().value().value();
}

Result<void> DemoCluster::down()
{
    if (!QFileInfo::exists(dataDirectory() + QStringLiteral("/PG_VERSION")))
        return {};
    // pg_ctl stop exits 1 both when the server was not running and when it could not stop it; pg_ctl status tells
    // them apart by its exit code (0 running, 3 not running, 4 no usable data directory).
    auto running = isRunning();
    if (!running)
        return running.error();
    if (!running.value())
        return {};
    auto r = runServerTool(QStringLiteral("pg_ctl"),
                           { QStringLiteral("stop"), QStringLiteral("-w"), QStringLiteral("-s"), QStringLiteral("-m"),
                             QStringLiteral("fast"), QStringLiteral("-D"), dataDirectory() });
    if (!r)
        return r.error();
    if (r->exitCode == 0)
        return {};
    if (auto after = isRunning(); after && !after.value())
        return {}; // it stopped meanwhile
    return Error {
        QStringLiteral("demo.stop"),
        QCoreApplication::translate("art32::DemoCluster", "Could not stop the demo server: %1").arg(r->stdErr.trimmed())
    };
}

Result<void> DemoCluster::destroy(ProfileStore& profiles, Keychain& keychain)
{
    if (auto r = down(); !r)
        return r;
    if (QFileInfo::exists(m_dir) && !QDir(m_dir).removeRecursively())
        return Error { QStringLiteral("demo.remove"),
                       QCoreApplication::translate("art32::DemoCluster", "Could not remove %1.").arg(m_dir) };
    for (const DemoAdmin& admin : kAdmins) {
        const Profile p = profile(QLatin1String(admin.login));
        profiles.remove(p.name);
        for (const QString& key : { p.passwordKey(), p.privateKeyKey(), p.demoTotpKey() }) {
            const Keychain::Reply removed = keychain.removeNow(key);
            if (!removed.ok() && removed.status != Keychain::Status::NotFound)
                return Error { QStringLiteral("keychain.remove"), removed.message };
        }
    }
    return {};
}

} // namespace art32
