#include "demo/DemoCluster.h"

#include "core/Logging.h"
#include "crypto/SecureBytes.h"
#include "keychain/Keychain.h"
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
void setRolePassword(pqxx::connection& conn, const std::string& role, const SecureBytes& password)
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

Profile DemoCluster::profile() const
{
    Profile p;
    p.name = QLatin1String(kProfileName);
    p.host = socketDirectory();
    p.port = QString::number(kPort);
    p.database = QLatin1String(kDatabase);
    p.user = QLatin1String(kLoginRole);
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
    s.initialised = QFileInfo::exists(dataDirectory() + QStringLiteral("/PG_VERSION"));
    if (!s.initialised)
        return s;
    auto st
        = runServerTool(QStringLiteral("pg_ctl"), { QStringLiteral("status"), QStringLiteral("-D"), dataDirectory() });
    if (!st)
        return st.error();
    s.running = st->exitCode == 0;
    if (s.running) {
        Database db(maintenanceProfile(QLatin1String(kDatabase)));
        if (db.openWithoutPassword()) {
            auto schema = db.run([](pqxx::connection& c) { return Migrator().status(c); });
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
    return writeFile(dataDirectory() + QStringLiteral("/pg_ident.conf"), ident);
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

Result<void> DemoCluster::ensureLoginRole(Keychain& keychain, const Progress& progress)
{
    const Profile p = profile();
    Keychain::Reply stored = keychain.readNow(p.passwordKey());
    SecureBytes password;
    if (stored.ok()) {
        password = SecureBytes::fromByteArray(stored.secret);
        wipe(stored.secret);
    } else if (stored.status == Keychain::Status::NotFound) {
        if (progress)
            progress(QCoreApplication::translate("art32::DemoCluster",
                                                 "Storing a new random password for %1 in the keychain")
                         .arg(QLatin1String(kLoginRole)));
        password = randomPassword();
        const Keychain::Reply written = keychain.writeNow(p.passwordKey(), password.view());
        if (!written.ok())
            return Error { QStringLiteral("keychain.write"), written.message };
    } else {
        return Error { QStringLiteral("keychain.read"), stored.message };
    }

    Database maint(maintenanceProfile(QLatin1String(kDatabase)));
    if (auto r = maint.openWithoutPassword(); !r)
        return r;
    return maint.run([&](pqxx::connection& conn) {
        const std::string role = kLoginRole;
        {
            pqxx::work tx(conn);
            const pqxx::result exists = tx.exec_params("SELECT 1 FROM pg_roles WHERE rolname = $1", role);
            if (exists.empty())
                tx.exec("CREATE ROLE " + tx.quote_name(role) + " LOGIN IN ROLE art32_cto");
            tx.commit();
        }
        // Set every time: the keychain is the source of truth for the demo password.
        setRolePassword(conn, role, password);
    });
}

Result<Profile> DemoCluster::up(ProfileStore& profiles, Keychain& keychain, const Progress& progress)
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
    auto created = postgres.run([](pqxx::connection& conn) {
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
    auto migrated = maint.run([&](pqxx::connection& conn) {
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

    if (auto r = ensureLoginRole(keychain, progress); !r)
        return r.error();

    const Profile p = profile();
    if (auto r = profiles.save(p); !r)
        return r.error();
    if (progress)
        progress(QCoreApplication::translate("art32::DemoCluster", "The demo profile \"%1\" is ready").arg(p.name));
    return p;
}

Result<void> DemoCluster::down()
{
    if (!QFileInfo::exists(dataDirectory() + QStringLiteral("/PG_VERSION")))
        return {};
    auto r = runServerTool(QStringLiteral("pg_ctl"),
                           { QStringLiteral("stop"), QStringLiteral("-w"), QStringLiteral("-s"), QStringLiteral("-m"),
                             QStringLiteral("fast"), QStringLiteral("-D"), dataDirectory() });
    if (!r)
        return r.error();
    // Exit 1 with "Is server running?" means it was already stopped: nothing to do.
    if (r->exitCode != 0 && !r->stdErr.contains(QLatin1String("Is server running")))
        return Error { QStringLiteral("demo.stop"),
                       QCoreApplication::translate("art32::DemoCluster", "Could not stop the demo server: %1")
                           .arg(r->stdErr.trimmed()) };
    return {};
}

Result<void> DemoCluster::destroy(ProfileStore& profiles, Keychain& keychain)
{
    if (auto r = down(); !r)
        return r;
    if (QFileInfo::exists(m_dir) && !QDir(m_dir).removeRecursively())
        return Error { QStringLiteral("demo.remove"),
                       QCoreApplication::translate("art32::DemoCluster", "Could not remove %1.").arg(m_dir) };
    profiles.remove(QLatin1String(kProfileName));
    const Keychain::Reply removed = keychain.removeNow(profile().passwordKey());
    if (!removed.ok() && removed.status != Keychain::Status::NotFound)
        return Error { QStringLiteral("keychain.remove"), removed.message };
    return {};
}

} // namespace art32
