#include "demo/DemoServer.h"

#include "core/Logging.h"
#include "core/Process.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QVersionNumber>
#include <pwd.h>
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

} // namespace

DemoServer::DemoServer(QString directory)
    : m_dir(std::move(directory))
{ }

QString DemoServer::defaultDirectory()
{
    const QString env = qEnvironmentVariable("ART32_DEMO_DIR");
    if (!env.isEmpty())
        return QDir::cleanPath(QDir(env).absolutePath());
    if (isRoot())
        return QStringLiteral("/var/lib/art32/demo"); // reachable by the postgres user, unlike /root
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
}

QString DemoServer::dataDirectory() const
{
    return m_dir + QStringLiteral("/pgdata");
}

QString DemoServer::socketDirectory() const
{
    return m_dir + QStringLiteral("/run");
}

QString DemoServer::logFile() const
{
    return m_dir + QStringLiteral("/postgresql.log");
}

QString DemoServer::serverUser()
{
    return isRoot() ? QLatin1String(kServerUserWhenRoot) : currentOsUser();
}

bool DemoServer::hasDataDirectory() const
{
    return QFileInfo::exists(dataDirectory() + QStringLiteral("/PG_VERSION"));
}

bool DemoServer::isInitialised() const
{
    // Only a cluster whose set-up ran to the end counts (initdb alone leaves it reachable by no one).
    return hasDataDirectory() && QFileInfo::exists(m_dir + QStringLiteral("/art32-ready"));
}

Result<QString> DemoServer::serverBinaries()
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

Result<ProcessOutput> DemoServer::runTool(const QString& tool, const QStringList& arguments) const
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

Result<void> DemoServer::initialise(const Progress& progress)
{
    if (progress)
        progress(QCoreApplication::translate("art32::DemoCluster", "Creating the demo cluster in %1").arg(m_dir));
    if (hasDataDirectory()) {
        // An earlier set-up stopped half-way: start over (a demo cluster holds nothing worth keeping yet).
        stop();
        QDir(dataDirectory()).removeRecursively();
    }
    if (auto r = makePrivateDir(m_dir); !r)
        return r;
    if (auto r = makePrivateDir(dataDirectory()); !r)
        return r;
    if (auto r = makePrivateDir(socketDirectory()); !r)
        return r;

    auto init
        = runTool(QStringLiteral("initdb"),
                  { QStringLiteral("-D"), dataDirectory(), QStringLiteral("-U"), QLatin1String(kMaintRole),
                    QStringLiteral("--auth-local=peer"), QStringLiteral("--auth-host=reject"), QStringLiteral("-E"),
                    QStringLiteral("UTF8"), QStringLiteral("--locale=C"), QStringLiteral("--no-instructions") });
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

Result<bool> DemoServer::isRunning() const
{
    auto st = runTool(QStringLiteral("pg_ctl"), { QStringLiteral("status"), QStringLiteral("-D"), dataDirectory() });
    if (!st)
        return st.error();
    return st->exitCode == 0;
}

Result<void> DemoServer::start()
{
    auto r = runTool(QStringLiteral("pg_ctl"),
                     { QStringLiteral("start"), QStringLiteral("-w"), QStringLiteral("-s"), QStringLiteral("-D"),
                       dataDirectory(), QStringLiteral("-l"), logFile() });
    if (!r)
        return r.error();
    if (r->exitCode != 0) {
        qCWarning(lcDemo) << "pg_ctl start exited" << r->exitCode << "; server log:" << logFile();
        return Error { QStringLiteral("demo.start"),
                       QCoreApplication::translate("art32::DemoCluster",
                                                   "The demo database server did not start (see %1): %2")
                           .arg(logFile(), r->stdErr.trimmed()) };
    }
    qCInfo(lcDemo) << "demo server started in" << dataDirectory();
    return {};
}

Result<void> DemoServer::stop()
{
    if (!hasDataDirectory())
        return {};
    // pg_ctl stop exits 1 both when the server was not running and when it could not stop it; pg_ctl status tells
    // them apart by its exit code (0 running, 3 not running, 4 no usable data directory).
    auto running = isRunning();
    if (!running)
        return running.error();
    if (!running.value())
        return {};
    auto r = runTool(QStringLiteral("pg_ctl"),
                     { QStringLiteral("stop"), QStringLiteral("-w"), QStringLiteral("-s"), QStringLiteral("-m"),
                       QStringLiteral("fast"), QStringLiteral("-D"), dataDirectory() });
    if (!r)
        return r.error();
    if (r->exitCode == 0) {
        qCInfo(lcDemo) << "demo server stopped";
        return {};
    }
    if (auto after = isRunning(); after && !after.value())
        return {}; // it stopped meanwhile
    qCWarning(lcDemo) << "pg_ctl stop exited" << r->exitCode;
    return Error {
        QStringLiteral("demo.stop"),
        QCoreApplication::translate("art32::DemoCluster", "Could not stop the demo server: %1").arg(r->stdErr.trimmed())
    };
}

Result<void> DemoServer::remove()
{
    if (auto r = stop(); !r)
        return r;
    if (QFileInfo::exists(m_dir) && !QDir(m_dir).removeRecursively())
        return Error { QStringLiteral("demo.remove"),
                       QCoreApplication::translate("art32::DemoCluster", "Could not remove %1.").arg(m_dir) };
    return {};
}

} // namespace art32
