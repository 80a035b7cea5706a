#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>
#include <functional>

namespace art32 {

struct ProcessOutput;

/**
 * The demo's PostgreSQL server, on disk and as a process: initdb, its configuration files and pg_ctl. It knows
 * nothing of the schema, the admins or the keychain (DemoProvisioner does that).
 *
 * Reachable only through a unix socket in its own directory (no TCP). As root the server runs as the unprivileged
 * `postgres` user, because PostgreSQL refuses to run as root. Its superuser is the maintenance role, reached by
 * peer authentication mapped to the OS user who created the cluster; every other role needs its password (SCRAM).
 * The server tools run in the C locale (runProcess): only their exit codes decide.
 */
class DemoServer
{
public:
    static constexpr const char* kMaintRole = "art32_maint";
    static constexpr int kPort = 5432;

    using Progress = std::function<void(const QString& step)>;

    explicit DemoServer(QString directory);

    /** $ART32_DEMO_DIR, else /var/lib/art32/demo as root, else the user's data directory. */
    static QString defaultDirectory();
    /** The newest PostgreSQL server binaries directory, or an error saying how to install them. */
    static Result<QString> serverBinaries();
    /** The OS user the server runs as. */
    static QString serverUser();

    QString directory() const { return m_dir; }
    QString dataDirectory() const;
    QString socketDirectory() const;
    QString logFile() const;

    /** initdb has run (the set-up may have stopped half-way). */
    bool hasDataDirectory() const;
    /** The set-up ran to the end: access rules and configuration written. */
    bool isInitialised() const;
    /** Creates the cluster afresh (a half-done one is removed) and writes its configuration and access rules. */
    Result<void> initialise(const Progress& progress);
    /** pg_ctl status: exit 0 is running; 3 (not running) or 4 (no usable data directory) is not. */
    Result<bool> isRunning() const;
    Result<void> start();
    /** Stops the server; one that is not running is fine. */
    Result<void> stop();
    /** Stops the server and removes its directory. */
    Result<void> remove();

private:
    Result<ProcessOutput> runTool(const QString& tool, const QStringList& arguments) const;

    QString m_dir;
};

} // namespace art32
