// backup: native encrypted backups, their verification by restore, drills, retention and status (issue 13).
#include "Support.h"
#include "backup/Catalogue.h"
#include "backup/Native.h"
#include "backup/Status.h"
#include "core/Settings.h"
#include "core/WorkingHours.h"
#include "demo/DemoCluster.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QStandardPaths>
#include <unistd.h>

namespace art32::ctl {
namespace {

/** The backup login, its password (for pg_dump and pg_restore), the binaries and the directory. */
struct BackupSession
{
    Profile profile; ///< the profile chosen (names the key in the keychain)
    std::unique_ptr<Database> db;
    SecureBytes password; ///< empty: the login needs none (the demo's peer role, .pgpass)
    backup::Target target;
};

QString defaultDir(const Profile& p)
{
    if (p.demo)
        return DemoCluster().directory() + QStringLiteral("/backups");
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/backups/")
        + p.name;
}

/**
 * Connects as the backup login: the demo's maintenance role for a demo profile; otherwise the profile's login,
 * with its password from the keychain when there is one, else as libpq finds it (peer, ~/.pgpass): the timers run
 * without a keychain. That login must read every table (a superuser, or pg_read_all_data with BYPASSRLS) and be
 * able to record in the catalogue (a member of art32_backup).
 */
Result<BackupSession> openBackup(const Context& ctx, const Args& args, const QString& viaDatabase = QString())
{
    auto chosen = chosenProfile(ctx);
    if (!chosen)
        return chosen.error();
    BackupSession s;
    s.profile = chosen.value();
    auto bin = DemoCluster::serverBinaries();
    if (!bin)
        return bin.error();
    s.target.pgBinDir = bin.value();
    s.target.backupDir = args.isSet(QStringLiteral("dir")) ? args.value(QStringLiteral("dir"))
        : s.profile.backupDir.isEmpty()                    ? defaultDir(s.profile)
                                                           : s.profile.backupDir;
    s.target.backupDir = QDir(s.target.backupDir).absolutePath();
    // viaDatabase: another database of the same server (the live one is gone); the key names stay the profile's.
    const QString database = viaDatabase.isEmpty() ? s.profile.database : viaDatabase;
    if (s.profile.demo) {
        s.target.connection = DemoCluster().maintenanceProfile(database);
        s.db = std::make_unique<Database>(s.target.connection);
        if (auto r = s.db->openWithoutPassword(); !r)
            return r.error();
        return s;
    }
    s.target.connection = s.profile;
    s.target.connection.database = database;
    s.db = std::make_unique<Database>(s.target.connection);
    Keychain keychain;
    Keychain::Reply pw = keychain.readNow(s.profile.passwordKey());
    if (pw.ok()) {
        s.password = SecureBytes::fromByteArray(pw.secret);
        wipe(pw.secret);
        if (auto r = s.db->open(SecureBytes::fromByteArray(s.password.view())); !r)
            return r.error();
        return s;
    }
    if (pw.status != Keychain::Status::NotFound && pw.status != Keychain::Status::NoService)
        return keychainError(pw);
    if (auto r = s.db->openWithoutPassword(); !r)
        return r.error();
    return s;
}

/** The backup key: --key-file, else the profile's key file, else the running user's keychain (backup::loadKey). */
Result<SecureBytes> backupKey(const Profile& profile, const Args& args)
{
    Keychain keychain;
    return backup::loadKey(profile, args.value(QStringLiteral("key-file")), keychain);
}

QString megabytes(qint64 bytes)
{
    return QString::number(static_cast<double>(bytes) / 1e6, 'f', 1) + QStringLiteral(" MB");
}

/** Progress on a terminal only: bytes so far, rewritten in place. */
backup::Progress bytesPrinter(const QString& what)
{
    if (!isatty(STDERR_FILENO))
        return {};
    return [what](qint64 bytes) {
        err() << '\r' << what << ": " << megabytes(bytes) << Qt::flush;
    };
}
/** The phase after pg_restore (the comparison, the erasures) on a terminal only, in place of the bytes. */
std::function<void(backup::Phase)> phasePrinter(const QString& what)
{
    if (!isatty(STDERR_FILENO))
        return {};
    return [what](backup::Phase phase) {
        if (phase != backup::Phase::Restore)
            err() << '\r' << QString(60, QLatin1Char(' ')) << '\r' << what << ": " << backup::phaseText(phase)
                  << Qt::flush;
    };
}
void endProgress()
{
    if (isatty(STDERR_FILENO))
        err() << '\r' << QString(60, QLatin1Char(' ')) << '\r' << Qt::flush;
}

QString local(const QDateTime& t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm t")) : QStringLiteral("-");
}

QString hours(double seconds)
{
    return QString::number(seconds / 3600.0, 'f', 2) + QStringLiteral(" h");
}

int keygen(const Context& ctx, const Args& args)
{
    const bool force = args.isSet(QStringLiteral("force"));
    const SecureBytes key = backup::generateKey();
    if (args.isSet(QStringLiteral("key-file"))) {
        const QString path = args.value(QStringLiteral("key-file"));
        if (auto r = backup::writeKeyFile(path, key, force); !r)
            return fail(r.error());
        out() << "Backup key written to " << path << " (mode 600). Keep a copy offline: without it no backup can "
              << "be restored." << Qt::endl;
        return Ok;
    }
    auto profile = chosenProfile(ctx);
    if (!profile)
        return fail(profile.error());
    Keychain keychain;
    const QString name = backup::keychainName(profile.value());
    if (!force) {
        Keychain::Reply existing = keychain.readNow(name);
        wipe(existing.secret);
        if (existing.ok())
            return fail({ QStringLiteral("backup.keyfile.exists"),
                          QStringLiteral("There is a backup key for %1 in the keychain already; give --force to "
                                         "replace it (backups made with the old key then need the old key).")
                              .arg(profile->database) });
    }
    QByteArray text = backup::keyToText(key);
    Keychain::Reply w = keychain.writeNow(name, text);
    wipe(text);
    if (!w.ok())
        return fail(keychainError(w));
    out() << "Backup key for " << profile->database << " stored in the keychain as " << name
          << ". Keep a copy offline: without it no backup can be restored." << Qt::endl;
    return Ok;
}

int run(const Context& ctx, const Args& args)
{
    auto s = openBackup(ctx, args);
    if (!s)
        return fail(s.error());
    auto key = backupKey(s->profile, args);
    if (!key)
        return fail(key.error());
    catchInterrupt();
    auto r = backup::run(*s->db, s->target, key.value(), bytesPrinter(QStringLiteral("Backing up")), interruptFlag(),
                         s->password.isEmpty() ? nullptr : &s->password);
    endProgress();
    if (!r)
        return fail(r.error());
    qint64 rows = 0;
    for (const auto& t : r->header.tables)
        rows += t.rows;
    out() << "Backup written: " << r->file << " (" << megabytes(r->sizeBytes) << ", " << r->header.tables.size()
          << " tables, " << rows << " rows; catalogue #" << r->catalogueId << ")." << Qt::endl;
    out() << "Erasure ledger " << backup::ledger::pathIn(s->target.backupDir) << ": " << r->header.ledgerEntries
          << " erasure(s), " << r->ledgerAdded << " added now." << Qt::endl;
    return Ok;
}

/** What a verify, drill or restore did with the erasure ledger, in one line. */
QString ledgerLine(const backup::RestoreResult& r)
{
    if (!r.ledgerLive && !r.ledgerFile)
        return QStringLiteral("no erasure ledger re-applied (--no-ledger)");
    return QStringLiteral("%1 erasure(s) re-applied of %2 in the ledger (%3%4)")
        .arg(r.erasuresReapplied)
        .arg(r.ledgerEntries)
        .arg(r.ledgerLive ? QStringLiteral("live database and file") : QStringLiteral("file only"))
        .arg(r.ledgerOnlyInFile > 0 ? QStringLiteral("; %1 known only to the file").arg(r.ledgerOnlyInFile)
                                    : QString());
}

/** The kept, complete native backups of the catalogue, newest first. */
Result<QList<backup::BackupEntry>> keptBackups(Database& db)
{
    auto snap = db.call([](pqxx::connection_base& c) { return backup::catalogue::read(c); });
    if (!snap)
        return snap.error();
    QList<backup::BackupEntry> out;
    for (const auto& e : snap->entries)
        if (e.backend == backup::Backend::Native && e.state == backup::BackupState::Complete)
            out.append(e);
    return out;
}

/** FILE, or --latest (also the default), or --all: the files to check. */
Result<QStringList> chosenFiles(BackupSession& s, const Args& args)
{
    if (!args.positional(0).isEmpty()) {
        if (args.isSet(QStringLiteral("latest")) || args.isSet(QStringLiteral("all")))
            return Error { QStringLiteral("args.invalid"), QStringLiteral("give a FILE, --latest or --all, not more") };
        return QStringList { QFileInfo(args.positional(0)).absoluteFilePath() };
    }
    auto kept = keptBackups(*s.db);
    if (!kept)
        return kept.error();
    QStringList files;
    for (const auto& e : kept.value()) {
        // <the directory>/<label>, never the row's recorded path (review 20): a label with a directory part is skipped.
        const std::optional<QString> file = backup::fileIn(e, s.target.backupDir);
        if (!file) {
            err() << "Skipping catalogue #" << e.id << " (" << e.label
                  << "): its name is not a file of the backup directory." << Qt::endl;
            continue;
        }
        files << *file;
        if (!args.isSet(QStringLiteral("all")))
            break;
    }
    if (files.isEmpty())
        return Error { QStringLiteral("backup.none"),
                       QStringLiteral("There is no complete backup to check yet: run art32ctl backup run.") };
    return files;
}

int verify(const Context& ctx, const Args& args)
{
    if (args.isSet(QStringLiteral("latest")) && args.isSet(QStringLiteral("all")))
        return fail({ QStringLiteral("args.invalid"), QStringLiteral("give --latest or --all, not both") });
    auto s = openBackup(ctx, args);
    if (!s)
        return fail(s.error());
    auto key = backupKey(s->profile, args);
    if (!key)
        return fail(key.error());
    auto files = chosenFiles(s.value(), args);
    if (!files)
        return fail(files.error());
    catchInterrupt();
    int worst = Ok;
    for (const QString& file : files.value()) {
        backup::RestoreOptions o;
        o.mode = backup::Mode::Verify;
        o.phase = phasePrinter(QStringLiteral("Verifying"));
        auto r = backup::restore(*s->db, s->target, file, key.value(), o, bytesPrinter(QStringLiteral("Verifying")),
                                 interruptFlag(), s->password.isEmpty() ? nullptr : &s->password);
        endProgress();
        if (!r) {
            const int code = fail(r.error());
            worst = worst == Ok ? code : worst;
            if (code == Interrupted)
                return code;
            continue;
        }
        qint64 rows = 0;
        for (const auto& t : r->restored)
            rows += t.rows;
        out() << "Verified " << file << ": restored into a scratch database in "
              << QString::number(r->restoreSeconds, 'f', 1) << " s; " << r->restored.size() << " tables, " << rows
              << " rows, counts and checksums match its header"
              << (r->checkId ? "; " : " (not in the catalogue: not recorded); ") << ledgerLine(r.value()) << '.'
              << Qt::endl;
    }
    return worst;
}

int restoreCmd(const Context& ctx, const Args& args)
{
    // The live database may be gone (that is when a restore matters most): then connect to the server's
    // maintenance database with the same login, and re-apply the erasure ledger from the file alone.
    auto s = openBackup(ctx, args);
    bool liveReachable = true;
    if (!s) {
        const Error lost = s.error();
        auto chosen = chosenProfile(ctx);
        if (!chosen || chosen->database == QLatin1String("postgres"))
            return fail(lost);
        s = openBackup(ctx, args, QStringLiteral("postgres"));
        if (!s)
            return fail(lost);
        liveReachable = false;
        err() << "The live database " << chosen->database << " cannot be reached (" << lost.message
              << "); re-applying the erasure ledger from its file only." << Qt::endl;
    }
    auto key = backupKey(s->profile, args);
    if (!key)
        return fail(key.error());
    catchInterrupt();
    backup::RestoreOptions o;
    o.mode = backup::Mode::Restore;
    o.phase = phasePrinter(QStringLiteral("Restoring"));
    o.targetDatabase = args.value(QStringLiteral("to"));
    o.force = args.isSet(QStringLiteral("force"));
    o.liveReachable = liveReachable;
    o.noLedger = args.isSet(QStringLiteral("no-ledger"));
    if (args.isSet(QStringLiteral("ledger")))
        o.ledgerFile = QFileInfo(args.value(QStringLiteral("ledger"))).absoluteFilePath();
    const QString file = QFileInfo(args.positional(0)).absoluteFilePath();
    auto r = backup::restore(*s->db, s->target, file, key.value(), o, bytesPrinter(QStringLiteral("Restoring")),
                             interruptFlag(), s->password.isEmpty() ? nullptr : &s->password);
    endProgress();
    if (!r)
        return fail(r.error());
    out() << "Restored " << file << " into " << o.targetDatabase << " in " << QString::number(r->restoreSeconds, 'f', 1)
          << " s; counts and checksums match its header; " << ledgerLine(r.value()) << '.' << Qt::endl;
    if (o.noLedger)
        err() << "WARNING: no erasure was re-applied: accounts erased after this backup are readable again in "
              << o.targetDatabase << " until you erase them again." << Qt::endl;
    return Ok;
}

int ledgerCmd(const Context& ctx, const Args& args)
{
    const QString action = args.positional(0);
    if (action != QLatin1String("sync") && action != QLatin1String("check"))
        return fail({ QStringLiteral("args.invalid"), QStringLiteral("give sync or check") });
    auto s = openBackup(ctx, args);
    if (!s)
        return fail(s.error());
    auto key = backupKey(s->profile, args);
    if (!key)
        return fail(key.error());
    const QString path = backup::ledger::pathIn(s->target.backupDir);
    if (action == QLatin1String("check")) {
        // The same check a restore makes against the newest anchor of the catalogue (review 20).
        auto f = backup::checkLedger(*s->db, s->target.backupDir, key.value());
        if (!f)
            return fail(f.error());
        if (!f->exists)
            return fail({ QStringLiteral("backup.missing"),
                          QStringLiteral("There is no erasure ledger file %1 yet: run art32ctl backup ledger sync.")
                              .arg(path) });
        out() << "Erasure ledger " << path << ": " << f->entries.size()
              << " erasure(s), every line authenticated and sealed, not shorter than the newest anchor of the "
                 "catalogue."
              << Qt::endl;
        return Ok;
    }
    auto r = backup::syncLedger(*s->db, s->target.backupDir, key.value());
    if (!r)
        return fail(r.error());
    out() << "Erasure ledger " << path << ": " << r->total << " erasure(s), " << r->added << " added now"
          << (r->onlyInFile > 0 ? QStringLiteral("; WARNING: %1 erasure(s) in the file are missing from the live "
                                                 "database's ledger")
                                      .arg(r->onlyInFile)
                                : QString())
          << '.' << Qt::endl;
    return r->onlyInFile > 0 ? Failed : Ok;
}

int drill(const Context& ctx, const Args& args)
{
    auto s = openBackup(ctx, args);
    if (!s)
        return fail(s.error());
    auto key = backupKey(s->profile, args);
    if (!key)
        return fail(key.error());
    auto files = chosenFiles(s.value(), args);
    if (!files)
        return fail(files.error());
    catchInterrupt();
    backup::RestoreOptions o;
    o.mode = backup::Mode::Drill;
    o.phase = phasePrinter(QStringLiteral("Drill"));
    auto r = backup::restore(*s->db, s->target, files->first(), key.value(), o,
                             bytesPrinter(QStringLiteral("Drill: restoring")), interruptFlag(),
                             s->password.isEmpty() ? nullptr : &s->password);
    endProgress();
    if (!r)
        return fail(r.error());
    const WorkingCalendar calendar = WorkingCalendar::fromSettings(Settings());
    const backup::SummaryOptions so;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const bool within = r->restoreSeconds <= so.promiseWorkingHours * 3600.0;
    out() << "Drill of " << files->first() << ": restored in " << hours(r->restoreSeconds) << " of restore work, "
          << (within ? "within" : "OUTSIDE") << " the promise of " << so.promiseWorkingHours << " working hours; "
          << ledgerLine(r.value()) << ". A failure now would be restored by "
          << local(calendar.addWorkingSeconds(now, static_cast<qint64>(r->restoreSeconds + 0.5)))
          << " and must be recovered by " << local(calendar.deadline(now, so.promiseWorkingHours))
          << ". Next drill due " << local(now.addDays(so.drillIntervalDays)) << '.' << Qt::endl;
    return within ? Ok : Failed;
}

int pruneCmd(const Context& ctx, const Args& args)
{
    auto s = openBackup(ctx, args);
    if (!s)
        return fail(s.error());
    const bool dry = args.isSet(QStringLiteral("dry-run"));
    auto r = backup::prune(*s->db, s->target.backupDir, dry);
    if (!r)
        return fail(r.error());
    for (const QString& f : r->deletedFiles)
        out() << (dry ? "would delete " : "deleted ") << f << Qt::endl;
    for (const QString& l : r->skipped)
        out() << "past retention, not deleted (pgBackRest keeps its own; or not a file of this directory): " << l
              << Qt::endl;
    out() << (dry ? "Would prune " : "Pruned ") << r->prunedEntries.size() << " catalogue entr"
          << (r->prunedEntries.size() == 1 ? "y" : "ies") << " and " << r->deletedFiles.size()
          << " file(s) past retention." << Qt::endl;
    return Ok;
}

QString dayWord(backup::DayState d)
{
    switch (d) {
    case backup::DayState::Missing:
        return QStringLiteral("MISSING");
    case backup::DayState::Present:
        return QStringLiteral("present");
    case backup::DayState::Verified:
        return QStringLiteral("verified");
    case backup::DayState::Failed:
        return QStringLiteral("FAILED");
    case backup::DayState::ReportedLate:
        return QStringLiteral("REPORTED LATE (unproven until verified)");
    }
    return {};
}

int status(const Context& ctx, const Args& args)
{
    auto s = openBackup(ctx, args);
    if (!s)
        return fail(s.error());
    auto snap = s->db->call([](pqxx::connection_base& c) { return backup::catalogue::read(c); });
    if (!snap)
        return fail(snap.error());
    const WorkingCalendar calendar = WorkingCalendar::fromSettings(Settings());
    const backup::Summary sum
        = backup::summarise(snap->entries, snap->checks, snap->serverNow, calendar, snap->retentionDays);
    out() << "Last " << sum.days.size() << " days (" << sum.goodDays << " with a good backup):" << Qt::endl;
    for (const auto& d : sum.days)
        out() << "  " << d.date.toString(Qt::ISODate) << "  " << dayWord(d.state) << Qt::endl;
    if (sum.lastGood)
        out() << "Last good backup: " << sum.lastGood->label << ", " << hours(double(sum.lastGoodAgeSeconds)) << " old"
              << (sum.ageWarning ? " (WARNING: older than 26 h)" : "") << Qt::endl;
    else
        out() << "Last good backup: NONE (run art32ctl backup run)" << Qt::endl;
    if (sum.lastDrill)
        out() << "Last drill: " << local(sum.lastDrill->started) << ", "
              << (*sum.lastDrill->ok ? "restored in " : "FAILED after ") << hours(sum.lastDrillRestoreSeconds)
              << (sum.drillWithinPromise ? ", within" : ", NOT within") << " the promise of 48 working hours"
              << Qt::endl;
    else
        out() << "Last drill: NONE" << Qt::endl;
    out() << "Next drill due: " << local(sum.nextDrillDue) << (sum.drillOverdue ? " (OVERDUE)" : "") << Qt::endl;
    out() << "A failure now must be recovered by: " << local(sum.recoveryDeadlineIfFailedNow) << Qt::endl;
    out() << "Retention (" << snap->retentionDays
          << " days): " << (sum.retentionCompliant ? "compliant" : "NOT compliant") << " (" << sum.keptPastRetention
          << " kept too long; " << snap->retentionDays << " days " << (sum.retentionCovered ? "covered" : "NOT covered")
          << ")" << Qt::endl;
    return sum.healthy() ? Ok : Failed;
}

} // namespace

QList<Command> backupCommands()
{
    const QString group = QStringLiteral("backup");
    const Option keyFile = Option::text(QStringLiteral("key-file"), QStringLiteral("PATH"),
                                        QStringLiteral("The backup key file (mode 600), instead of the keychain."));
    const Option dir = Option::text(QStringLiteral("dir"), QStringLiteral("DIR"),
                                    QStringLiteral("The backup directory, instead of the profile's."));
    const Option latest = Option::flag(QStringLiteral("latest"), QStringLiteral("The newest backup (the default)."));
    const QString connection = QStringLiteral(
        "Connects as the profile's login (the demo: its maintenance role); it must read every table (a superuser, or "
        "pg_read_all_data with BYPASSRLS) and record in the catalogue (a member of art32_backup, or a superuser).");
    return {
        Command(group, QStringLiteral("keygen"), Needs::Profile,
                QStringLiteral("Creates the backup key (not the KEK) in the keychain, or in a key file for timers."),
                keygen)
            .withOptions(
                { keyFile, Option::flag(QStringLiteral("force"), QStringLiteral("Replace an existing key.")) }),
        Command(group, QStringLiteral("run"), Needs::Profile,
                QStringLiteral("Backs up the database: pg_dump -Fc, encrypted, into <dir>/<UTC time>.art32bak."), run)
            .withDetails(connection)
            .withOptions({ keyFile, dir }),
        Command(group, QStringLiteral("verify"), Needs::Profile,
                QStringLiteral("Restores a backup into a scratch database and compares it with its header."), verify)
            .withDetails(QStringLiteral("Exit 8 when a backup is truncated, altered or differs from its header; 5 "
                                        "for a wrong key. The live database is never touched."))
            .withOptions(
                { latest, Option::flag(QStringLiteral("all"), QStringLiteral("Every kept backup.")), keyFile, dir })
            .withPositionals({ QStringLiteral("[FILE]") }),
        Command(group, QStringLiteral("restore"), Needs::Profile,
                QStringLiteral("Restores a backup into a database and re-applies the erasure ledger."), restoreCmd)
            .withOptions(
                { Option::text(QStringLiteral("to"), QStringLiteral("DATABASE"),
                               QStringLiteral("The database to restore into (created when missing)."))
                      .require(),
                  Option::flag(QStringLiteral("force"), QStringLiteral("Replace a database that is not empty.")),
                  keyFile, dir,
                  Option::text(QStringLiteral("ledger"), QStringLiteral("FILE"),
                               QStringLiteral("The erasure ledger file, instead of the backup directory's.")),
                  Option::flag(QStringLiteral("no-ledger"),
                               QStringLiteral("Re-apply no erasure: accounts erased after the backup come back.")) })
            .withDetails(QStringLiteral(
                "Re-applies the live database's erasure ledger merged with the ledger file of the backup directory. "
                "When the live database is gone it connects to the server's postgres database and uses the file "
                "alone; with neither it refuses (exit 5) unless --no-ledger."))
            .withPositionals({ QStringLiteral("FILE") }),
        Command(group, QStringLiteral("drill"), Needs::Profile,
                QStringLiteral("A timed restore rehearsal, recorded against the 48-working-hour promise."), drill)
            .withOptions({ latest, keyFile, dir })
            .withPositionals({ QStringLiteral("[FILE]") }),
        Command(group, QStringLiteral("prune"), Needs::Profile,
                QStringLiteral("Deletes the backups past retention (policy backup_retention_days) and only those."),
                pruneCmd)
            .withOptions(
                { Option::flag(QStringLiteral("dry-run"), QStringLiteral("Say what would go; delete nothing.")), dir }),
        Command(group, QStringLiteral("status"), Needs::Profile,
                QStringLiteral("The last 30 days, the last good backup, the last drill and retention; exit 1 unless "
                               "all is well."),
                status)
            .withOptions({ dir }),
        // erasure ledger file (i13-ledger)
        Command(group, QStringLiteral("ledger"), Needs::Profile,
                QStringLiteral("sync: appends the live erasure ledger to the ledger file outside the database; "
                               "check: authenticates that file."),
                ledgerCmd)
            .withDetails(connection)
            .withOptions({ keyFile, dir })
            .withPositionals({ QStringLiteral("ACTION") }),
    };
}

} // namespace art32::ctl
