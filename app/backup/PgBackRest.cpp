#include "backup/PgBackRest.h"

#include "backup/Catalogue.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QThread>
#include <limits>

namespace art32::pgbackrest {
namespace {

Error jsonError(const QString& detail)
{
    return Error { QStringLiteral("pgbackrest.json"),
                   QCoreApplication::translate(
                       "art32::PgBackRest",
                       "pgBackRest's information could not be read (%1). Is the output complete, and from "
                       "`pgbackrest info --output=json`?")
                       .arg(detail) };
}

// QJsonDocument keeps integers as doubles once they leave qint64, and a double has 53 bits: a size near 2^64
// would come back rounded, silently. So before parsing, every integer token too long to be exact as a double is
// turned into a string marked with this private-use character, and read back exactly (or refused) by number().
const QChar kBigNumber(0xE000);

/** The JSON text with long integer tokens quoted (outside strings only); the structure stays the same. */
QByteArray quoteBigIntegers(const QByteArray& in)
{
    QByteArray out;
    out.reserve(in.size() + 64);
    const QByteArray marker = QString(kBigNumber).toUtf8();
    bool inString = false;
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in.at(i);
        if (inString) {
            out.append(c);
            if (c == '\\' && i + 1 < in.size())
                out.append(in.at(++i));
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
            out.append(c);
            continue;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            qsizetype end = i + 1;
            while (end < in.size()
                   && ((in.at(end) >= '0' && in.at(end) <= '9') || in.at(end) == '.' || in.at(end) == 'e'
                       || in.at(end) == 'E' || in.at(end) == '+' || in.at(end) == '-'))
                ++end;
            const QByteArray token = in.mid(i, end - i);
            const bool integer = !token.contains('.') && !token.contains('e') && !token.contains('E');
            if (integer && token.size() > 15) {
                out.append('"');
                out.append(marker);
                out.append(token);
                out.append('"');
            } else {
                out.append(token);
            }
            i = end - 1;
            continue;
        }
        out.append(c);
    }
    return out;
}

/** Reads JSON objects field by field and remembers the first thing that was wrong, with its path. */
class Reader
{
public:
    bool failed() const { return !m_error.isEmpty(); }
    const QString& error() const { return m_error; }

    void fail(const QString& path, const QString& what)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("%1: %2").arg(path, what);
    }

    QJsonObject object(const QJsonValue& v, const QString& path)
    {
        if (!v.isObject())
            fail(path, QCoreApplication::translate("art32::PgBackRest", "not an object"));
        return v.toObject();
    }
    QJsonArray array(const QJsonValue& v, const QString& path)
    {
        if (!v.isArray())
            fail(path, QCoreApplication::translate("art32::PgBackRest", "not a list"));
        return v.toArray();
    }
    QString string(const QJsonValue& v, const QString& path, bool nullable = false)
    {
        if (nullable && (v.isNull() || v.isUndefined()))
            return QString();
        if (!v.isString() || v.toString().startsWith(kBigNumber)) {
            fail(path, QCoreApplication::translate("art32::PgBackRest", "not a text"));
            return QString();
        }
        return v.toString();
    }
    bool boolean(const QJsonValue& v, const QString& path)
    {
        if (!v.isBool())
            fail(path, QCoreApplication::translate("art32::PgBackRest", "not true or false"));
        return v.toBool();
    }
    /** A non-negative integer of up to 64 bits, exact. */
    quint64 unsignedNumber(const QJsonValue& v, const QString& path)
    {
        if (v.isString() && v.toString().startsWith(kBigNumber)) {
            const QString digits = v.toString().mid(1);
            bool ok = false;
            const quint64 n = digits.toULongLong(&ok);
            if (!ok || digits.startsWith(QLatin1Char('-')) || digits.startsWith(QLatin1Char('+'))) {
                fail(
                    path,
                    QCoreApplication::translate("art32::PgBackRest", "the number %1 does not fit 64 bits").arg(digits));
                return 0;
            }
            return n;
        }
        if (!v.isDouble()) {
            fail(path, QCoreApplication::translate("art32::PgBackRest", "not a number"));
            return 0;
        }
        const double d = v.toDouble();
        // Short tokens (at most 15 digits) are exact as doubles; anything else here was a fraction or exponent.
        if (d < 0 || d != double(qint64(d)) || d > 1e15) {
            fail(path, QCoreApplication::translate("art32::PgBackRest", "not a whole number of at least 0"));
            return 0;
        }
        return quint64(d);
    }
    qint64 signedNumber(const QJsonValue& v, const QString& path)
    {
        if (v.isString() && v.toString().startsWith(kBigNumber)) {
            bool ok = false;
            const qint64 n = v.toString().mid(1).toLongLong(&ok);
            if (!ok)
                fail(path,
                     QCoreApplication::translate("art32::PgBackRest", "the number %1 does not fit 64 bits")
                         .arg(v.toString().mid(1)));
            return n;
        }
        if (!v.isDouble() || v.toDouble() != double(qint64(v.toDouble()))) {
            fail(path, QCoreApplication::translate("art32::PgBackRest", "not a whole number"));
            return 0;
        }
        return qint64(v.toDouble());
    }
    QDateTime time(const QJsonValue& v, const QString& path)
    {
        const qint64 seconds = signedNumber(v, path);
        if (seconds < 0 || seconds > 253402300799LL) { // up to 9999-12-31
            fail(path, QCoreApplication::translate("art32::PgBackRest", "not a time"));
            return QDateTime();
        }
        return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    }

private:
    QString m_error;
};

Backup readBackup(Reader& r, const QJsonObject& o, const QString& path)
{
    Backup b;
    b.label = r.string(o.value(QLatin1String("label")), path + QLatin1String(".label"));
    const QString type = r.string(o.value(QLatin1String("type")), path + QLatin1String(".type"));
    if (type == QLatin1String("full"))
        b.type = BackupType::Full;
    else if (type == QLatin1String("diff"))
        b.type = BackupType::Diff;
    else if (type == QLatin1String("incr"))
        b.type = BackupType::Incr;
    else
        r.fail(path + QLatin1String(".type"),
               QCoreApplication::translate("art32::PgBackRest", "unknown backup type \"%1\"").arg(type));
    const QJsonObject ts = r.object(o.value(QLatin1String("timestamp")), path + QLatin1String(".timestamp"));
    b.start = r.time(ts.value(QLatin1String("start")), path + QLatin1String(".timestamp.start"));
    b.stop = r.time(ts.value(QLatin1String("stop")), path + QLatin1String(".timestamp.stop"));
    const QJsonObject info = r.object(o.value(QLatin1String("info")), path + QLatin1String(".info"));
    b.databaseSize = r.unsignedNumber(info.value(QLatin1String("size")), path + QLatin1String(".info.size"));
    b.databaseDelta = r.unsignedNumber(info.value(QLatin1String("delta")), path + QLatin1String(".info.delta"));
    const QJsonObject repo
        = r.object(info.value(QLatin1String("repository")), path + QLatin1String(".info.repository"));
    b.repoSize = r.unsignedNumber(repo.value(QLatin1String("size")), path + QLatin1String(".info.repository.size"));
    b.repoDelta = r.unsignedNumber(repo.value(QLatin1String("delta")), path + QLatin1String(".info.repository.delta"));
    // The archive range is null for a backup made without archive checks; a backup without it cannot be restored
    // consistently, which the status says, not the parser.
    const QJsonValue archive = o.value(QLatin1String("archive"));
    if (archive.isObject()) {
        b.archiveStart
            = r.string(archive.toObject().value(QLatin1String("start")), path + QLatin1String(".archive.start"), true);
        b.archiveStop
            = r.string(archive.toObject().value(QLatin1String("stop")), path + QLatin1String(".archive.stop"), true);
    } else if (!archive.isNull() && !archive.isUndefined()) {
        r.fail(path + QLatin1String(".archive"), QCoreApplication::translate("art32::PgBackRest", "not an object"));
    }
    const QJsonValue lsn = o.value(QLatin1String("lsn"));
    if (lsn.isObject()) {
        b.lsnStart = r.string(lsn.toObject().value(QLatin1String("start")), path + QLatin1String(".lsn.start"), true);
        b.lsnStop = r.string(lsn.toObject().value(QLatin1String("stop")), path + QLatin1String(".lsn.stop"), true);
    }
    b.prior = r.string(o.value(QLatin1String("prior")), path + QLatin1String(".prior"), true);
    const QJsonValue refs = o.value(QLatin1String("reference"));
    if (!refs.isNull() && !refs.isUndefined()) {
        const QJsonArray list = r.array(refs, path + QLatin1String(".reference"));
        for (qsizetype i = 0; i < list.size(); ++i)
            b.references.append(r.string(list.at(i), path + QStringLiteral(".reference[%1]").arg(i)));
    }
    // Older pgBackRest versions have no error flag; when present it must be a boolean.
    const QJsonValue error = o.value(QLatin1String("error"));
    if (!error.isUndefined())
        b.error = r.boolean(error, path + QLatin1String(".error"));
    const QJsonValue backrest = o.value(QLatin1String("backrest"));
    if (backrest.isObject())
        b.pgBackRestVersion = r.string(backrest.toObject().value(QLatin1String("version")),
                                       path + QLatin1String(".backrest.version"), true);
    return b;
}

Stanza readStanza(Reader& r, const QJsonObject& o, const QString& path)
{
    Stanza s;
    s.name = r.string(o.value(QLatin1String("name")), path + QLatin1String(".name"));
    s.cipher = r.string(o.value(QLatin1String("cipher")), path + QLatin1String(".cipher"), true);
    const QJsonObject status = r.object(o.value(QLatin1String("status")), path + QLatin1String(".status"));
    s.statusCode = int(r.signedNumber(status.value(QLatin1String("code")), path + QLatin1String(".status.code")));
    s.statusMessage = r.string(status.value(QLatin1String("message")), path + QLatin1String(".status.message"));
    const QJsonValue lock = status.value(QLatin1String("lock"));
    if (lock.isObject()) {
        const QJsonObject locks = lock.toObject();
        const QJsonValue backupLock = locks.value(QLatin1String("backup"));
        if (!backupLock.isUndefined())
            s.backupLockHeld = r.boolean(
                r.object(backupLock, path + QLatin1String(".status.lock.backup")).value(QLatin1String("held")),
                path + QLatin1String(".status.lock.backup.held"));
        const QJsonValue restoreLock = locks.value(QLatin1String("restore"));
        if (!restoreLock.isUndefined())
            s.restoreLockHeld = r.boolean(
                r.object(restoreLock, path + QLatin1String(".status.lock.restore")).value(QLatin1String("held")),
                path + QLatin1String(".status.lock.restore.held"));
    } else if (!lock.isUndefined()) {
        r.fail(path + QLatin1String(".status.lock"), QCoreApplication::translate("art32::PgBackRest", "not an object"));
    }
    const QJsonValue repos = o.value(QLatin1String("repo"));
    if (!repos.isUndefined()) {
        const QJsonArray list = r.array(repos, path + QLatin1String(".repo"));
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString p = path + QStringLiteral(".repo[%1]").arg(i);
            const QJsonObject ro = r.object(list.at(i), p);
            Repo repo;
            repo.key = int(r.signedNumber(ro.value(QLatin1String("key")), p + QLatin1String(".key")));
            repo.cipher = r.string(ro.value(QLatin1String("cipher")), p + QLatin1String(".cipher"), true);
            const QJsonObject rs = r.object(ro.value(QLatin1String("status")), p + QLatin1String(".status"));
            repo.code = int(r.signedNumber(rs.value(QLatin1String("code")), p + QLatin1String(".status.code")));
            repo.message = r.string(rs.value(QLatin1String("message")), p + QLatin1String(".status.message"));
            s.repos.append(repo);
        }
    }
    const QJsonArray archives = r.array(o.value(QLatin1String("archive")), path + QLatin1String(".archive"));
    for (qsizetype i = 0; i < archives.size(); ++i) {
        const QString p = path + QStringLiteral(".archive[%1]").arg(i);
        const QJsonObject a = r.object(archives.at(i), p);
        const QString min = r.string(a.value(QLatin1String("min")), p + QLatin1String(".min"), true);
        const QString max = r.string(a.value(QLatin1String("max")), p + QLatin1String(".max"), true);
        // WAL segment names sort by time: the stanza's range spans every database's archive.
        if (!min.isEmpty() && (s.archiveMin.isEmpty() || min < s.archiveMin))
            s.archiveMin = min;
        if (!max.isEmpty() && (s.archiveMax.isEmpty() || max > s.archiveMax))
            s.archiveMax = max;
    }
    const QJsonArray dbs = r.array(o.value(QLatin1String("db")), path + QLatin1String(".db"));
    if (!dbs.isEmpty()) {
        // The last entry is the current database (after an upgrade, older ones come first).
        const QString p = path + QStringLiteral(".db[%1]").arg(dbs.size() - 1);
        const QJsonObject db = r.object(dbs.last(), p);
        s.pgVersion = r.string(db.value(QLatin1String("version")), p + QLatin1String(".version"));
        s.systemId = r.unsignedNumber(db.value(QLatin1String("system-id")), p + QLatin1String(".system-id"));
    }
    const QJsonArray backups = r.array(o.value(QLatin1String("backup")), path + QLatin1String(".backup"));
    for (qsizetype i = 0; i < backups.size(); ++i) {
        const QString p = path + QStringLiteral(".backup[%1]").arg(i);
        s.backups.append(readBackup(r, r.object(backups.at(i), p), p));
    }
    return s;
}

Error cancelled()
{
    return Error { QStringLiteral("pgbackrest.cancelled"),
                   QCoreApplication::translate("art32::PgBackRest", "Cancelled: pgBackRest was stopped.") };
}

bool isCancelled(const std::atomic_bool* cancel)
{
    return cancel && cancel->load();
}

/** pgBackRest's last "ERROR: [nnn]: ..." line, the one that says why it failed. */
QString lastErrorLine(const QByteArray& out, const QByteArray& err)
{
    static const QRegularExpression errorRe(QStringLiteral("ERROR: \\[\\d+\\]: (.*)$"),
                                            QRegularExpression::MultilineOption);
    QString found;
    for (const QByteArray* text : { &out, &err }) {
        auto it = errorRe.globalMatch(QString::fromUtf8(*text));
        while (it.hasNext())
            found = it.next().captured(1).trimmed();
    }
    if (found.isEmpty())
        found = QString::fromUtf8(err).trimmed().section(QLatin1Char('\n'), -1);
    return found.left(400);
}

/** One program run through the launcher, to its end, with cancel; stdout lines go to onLine. */
struct RunOutcome
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Result<RunOutcome> runCancellable(const QStringList& command, const std::function<void(const QByteArray&)>& onLine,
                                  const std::atomic_bool* cancel, int timeoutMs)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    environment.remove(QStringLiteral("LANGUAGE"));
    process.setProcessEnvironment(environment);
    // The launcher may change users: start where every user may be.
    process.setWorkingDirectory(QStringLiteral("/"));
    process.setProgram(command.first());
    process.setArguments(command.mid(1));
    process.start();
    if (!process.waitForStarted())
        return Error { QStringLiteral("process.start"),
                       QCoreApplication::translate("art32::PgBackRest", "Could not start %1: %2")
                           .arg(command.first(), process.errorString()) };
    RunOutcome outcome;
    QByteArray pending;
    QElapsedTimer timer;
    timer.start();
    const auto drain = [&] {
        const QByteArray chunk = process.readAllStandardOutput();
        outcome.out += chunk;
        if (!onLine)
            return;
        pending += chunk;
        qsizetype nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            onLine(pending.left(nl));
            pending.remove(0, nl + 1);
        }
    };
    bool stopped = false;
    while (process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(100);
        drain();
        outcome.err += process.readAllStandardError();
        if (!stopped && (isCancelled(cancel) || timer.elapsed() > timeoutMs)) {
            // SIGTERM first: pgBackRest then releases its locks and leaves the repository consistent.
            stopped = true;
            process.terminate();
            if (!process.waitForFinished(15000)) {
                process.kill();
                process.waitForFinished();
            }
        }
    }
    drain();
    outcome.err += process.readAllStandardError();
    if (stopped) {
        if (isCancelled(cancel))
            return cancelled();
        return Error {
            QStringLiteral("process.timeout"),
            QCoreApplication::translate("art32::PgBackRest", "%1 did not finish in time.").arg(command.first())
        };
    }
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return outcome;
}

/** "(8KB, 99.90%)" in a detail line of backup or restore: the share of bytes done. */
std::optional<double> percentOf(const QByteArray& line)
{
    static const QRegularExpression percentRe(QStringLiteral("\\([^(),]*, ([0-9]+(?:\\.[0-9]+)?)%\\)"));
    const auto match = percentRe.match(QString::fromUtf8(line));
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toDouble();
}

} // namespace

QString describeStatus(int code)
{
    switch (code) {
    case int(StanzaStatus::Ok):
        return QCoreApplication::translate("art32::PgBackRest", "OK");
    case int(StanzaStatus::MissingStanzaPath):
        return QCoreApplication::translate("art32::PgBackRest",
                                           "the stanza does not exist in the repository (missing stanza path)");
    case int(StanzaStatus::NoValidBackups):
        return QCoreApplication::translate("art32::PgBackRest", "the stanza has no valid backups");
    case int(StanzaStatus::MissingStanzaData):
        return QCoreApplication::translate(
            "art32::PgBackRest",
            "the stanza's information files are missing from the repository (missing stanza data)");
    case int(StanzaStatus::Mixed):
        return QCoreApplication::translate(
            "art32::PgBackRest", "the repositories disagree about the stanza (different across repositories)");
    case int(StanzaStatus::DatabaseMismatch):
        return QCoreApplication::translate("art32::PgBackRest",
                                           "the repositories hold backups of different databases (database mismatch)");
    case int(StanzaStatus::BackupNotFound):
        return QCoreApplication::translate("art32::PgBackRest", "the requested backup set was not found");
    case int(StanzaStatus::Other):
        return QCoreApplication::translate("art32::PgBackRest", "pgBackRest reported another error (code 99)");
    }
    return QCoreApplication::translate("art32::PgBackRest", "an unknown status (code %1)").arg(code);
}

QString typeKey(BackupType type)
{
    switch (type) {
    case BackupType::Full:
        return QStringLiteral("full");
    case BackupType::Diff:
        return QStringLiteral("diff");
    case BackupType::Incr:
        return QStringLiteral("incr");
    }
    return QString();
}

const Backup* Stanza::lastGood() const
{
    for (auto it = backups.crbegin(); it != backups.crend(); ++it) {
        if (!it->error)
            return &*it;
    }
    return nullptr;
}

Result<QList<Stanza>> parseInfo(const QByteArray& json)
{
    if (json.trimmed().isEmpty())
        return jsonError(QCoreApplication::translate("art32::PgBackRest", "it is empty"));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(quoteBigIntegers(json), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return jsonError(parseError.errorString());
    if (!doc.isArray())
        return jsonError(QCoreApplication::translate("art32::PgBackRest", "not a list of stanzas"));
    Reader r;
    QList<Stanza> stanzas;
    const QJsonArray list = doc.array();
    for (qsizetype i = 0; i < list.size() && !r.failed(); ++i) {
        const QString path = QStringLiteral("[%1]").arg(i);
        stanzas.append(readStanza(r, r.object(list.at(i), path), path));
    }
    if (r.failed())
        return jsonError(r.error());
    if (stanzas.isEmpty())
        return Error {
            QStringLiteral("pgbackrest.no_stanza"),
            QCoreApplication::translate(
                "art32::PgBackRest",
                "pgBackRest reported no stanza at all: the repository is empty or not the one configured.")
        };
    return stanzas;
}

Result<Stanza> healthyStanza(const QList<Stanza>& stanzas, const QString& name)
{
    const Stanza* found = nullptr;
    for (const Stanza& s : stanzas) {
        if (s.name == name)
            found = &s;
    }
    if (!found)
        return Error {
            QStringLiteral("pgbackrest.missing_stanza"),
            QCoreApplication::translate("art32::PgBackRest", "pgBackRest does not know the stanza \"%1\".").arg(name)
        };
    switch (found->statusCode) {
    case int(StanzaStatus::Ok):
        break;
    case int(StanzaStatus::MissingStanzaPath):
    case int(StanzaStatus::MissingStanzaData):
        return Error { QStringLiteral("pgbackrest.missing_stanza"),
                       QCoreApplication::translate("art32::PgBackRest", "Stanza \"%1\": %2.")
                           .arg(name, describeStatus(found->statusCode)) };
    case int(StanzaStatus::NoValidBackups):
        return Error { QStringLiteral("pgbackrest.no_backups"),
                       QCoreApplication::translate("art32::PgBackRest", "Stanza \"%1\": %2.")
                           .arg(name, describeStatus(found->statusCode)) };
    default:
        return Error { QStringLiteral("pgbackrest.status"),
                       QCoreApplication::translate("art32::PgBackRest", "Stanza \"%1\": %2 (pgBackRest: %3).")
                           .arg(name, describeStatus(found->statusCode), found->statusMessage) };
    }
    // An OK status with no backup, or only backups with errors, is still no good backup.
    if (!found->lastGood())
        return Error { QStringLiteral("pgbackrest.no_backups"),
                       QCoreApplication::translate("art32::PgBackRest", "Stanza \"%1\": %2.")
                           .arg(name, describeStatus(int(StanzaStatus::NoValidBackups))) };
    return *found;
}

Runner::Runner(Target target)
    : m_target(std::move(target))
{ }

namespace {

QStringList launched(const Target& target, const QStringList& command)
{
    return target.launcher + command;
}

} // namespace

Result<QByteArray> Runner::run(const QStringList& arguments, const Progress& progress, const std::atomic_bool* cancel,
                               int timeoutMs) const
{
    QStringList command { m_target.program };
    if (!m_target.configPath.isEmpty())
        command << QStringLiteral("--config=") + m_target.configPath;
    command << QStringLiteral("--stanza=") + m_target.stanza;
    command += arguments;
    const auto onLine = [&progress](const QByteArray& line) {
        if (!progress)
            return;
        if (const auto percent = percentOf(line))
            progress(*percent, QString());
    };
    auto outcome = runCancellable(launched(m_target, command), onLine, cancel, timeoutMs);
    if (!outcome)
        return outcome.error();
    if (outcome->exitCode != 0) {
        const QString what = arguments.isEmpty() ? QString() : arguments.last();
        return Error { QStringLiteral("pgbackrest.failed"),
                       QCoreApplication::translate("art32::PgBackRest",
                                                   "pgBackRest %1 failed for stanza \"%2\" (exit code %3): %4")
                           .arg(what, m_target.stanza)
                           .arg(outcome->exitCode)
                           .arg(lastErrorLine(outcome->out, outcome->err)) };
    }
    return outcome->out;
}

Result<Stanza> Runner::rawInfo(const std::atomic_bool* cancel) const
{
    auto out = run({ QStringLiteral("--log-level-console=off"), QStringLiteral("--log-level-stderr=error"),
                     QStringLiteral("--output=json"), QStringLiteral("info") },
                   Progress(), cancel, 300000);
    if (!out)
        return out.error();
    auto stanzas = parseInfo(out.value());
    if (!stanzas)
        return stanzas.error();
    for (const Stanza& s : stanzas.value()) {
        if (s.name == m_target.stanza)
            return s;
    }
    return Error { QStringLiteral("pgbackrest.missing_stanza"),
                   QCoreApplication::translate("art32::PgBackRest", "pgBackRest does not know the stanza \"%1\".")
                       .arg(m_target.stanza) };
}

Result<Stanza> Runner::info(const std::atomic_bool* cancel) const
{
    auto raw = rawInfo(cancel);
    if (!raw)
        return raw.error();
    return healthyStanza({ raw.value() }, m_target.stanza);
}

Result<QString> Runner::backup(BackupType type, const Progress& progress, const std::atomic_bool* cancel) const
{
    auto before = rawInfo(cancel);
    if (!before)
        return before.error();
    QSet<QString> known;
    for (const Backup& b : before->backups)
        known.insert(b.label);
    if (progress)
        progress(0, QCoreApplication::translate("art32::PgBackRest", "Backing up (%1)").arg(typeKey(type)));
    const Progress copying = [&progress, type](double percent, const QString&) {
        if (progress)
            progress(percent, QCoreApplication::translate("art32::PgBackRest", "Backing up (%1)").arg(typeKey(type)));
    };
    auto ran = run({ QStringLiteral("--log-level-console=detail"), QStringLiteral("--log-level-stderr=error"),
                     QStringLiteral("--type=") + typeKey(type), QStringLiteral("backup") },
                   copying, cancel);
    if (!ran)
        return ran.error();
    auto after = rawInfo(cancel);
    if (!after)
        return after.error();
    for (auto it = after->backups.crbegin(); it != after->backups.crend(); ++it) {
        if (!known.contains(it->label))
            return it->label;
    }
    // pgBackRest said it succeeded, yet no new set is listed: that is no backup.
    return Error { QStringLiteral("pgbackrest.no_new_backup"),
                   QCoreApplication::translate("art32::PgBackRest",
                                               "pgBackRest finished, but the stanza \"%1\" lists no new backup.")
                       .arg(m_target.stanza) };
}

Result<void> Runner::verify(const Progress& progress, const std::atomic_bool* cancel) const
{
    if (progress)
        progress(-1, QCoreApplication::translate("art32::PgBackRest", "Checking the repository's files"));
    auto ran = run({ QStringLiteral("--log-level-console=info"), QStringLiteral("--log-level-stderr=error"),
                     QStringLiteral("verify") },
                   Progress(), cancel);
    if (!ran)
        return ran.error();
    // pgBackRest 2.45 exits 0 also when it found invalid files. It then prints a summary ("stanza: NAME", then
    // "status: error" and what is wrong); when everything is valid it prints none. So: a summary whose status is not
    // ok fails, and so does an output without pgBackRest's own "completed successfully" (no result is no OK).
    const QStringList lines = QString::fromUtf8(ran.value()).split(QLatin1Char('\n'));
    int summary = -1;
    bool completed = false;
    for (int i = 0; i < lines.size(); ++i) {
        if (lines.at(i).trimmed().endsWith(QLatin1String("stanza: ") + m_target.stanza))
            summary = i;
        if (lines.at(i).contains(QLatin1String("verify command end: completed successfully")))
            completed = true;
    }
    if (!completed || (summary >= 0 && summary + 1 >= lines.size()))
        return Error { QStringLiteral("pgbackrest.verify_failed"),
                       QCoreApplication::translate("art32::PgBackRest",
                                                   "pgBackRest verify of stanza \"%1\" reported no result.")
                           .arg(m_target.stanza) };
    if (summary < 0)
        return {};
    if (lines.at(summary + 1).trimmed() == QLatin1String("status: ok"))
        return {};
    QStringList details;
    for (int i = summary + 2; i < lines.size() && lines.at(i).startsWith(QLatin1Char(' ')); ++i)
        details.append(lines.at(i).simplified());
    return Error { QStringLiteral("pgbackrest.verify_failed"),
                   QCoreApplication::translate("art32::PgBackRest",
                                               "pgBackRest verify found damage in stanza \"%1\": %2")
                       .arg(m_target.stanza, details.join(QLatin1String("; ")).left(800)) };
}

Result<RestoreCheck> Runner::restoreCheck(const RestoreOptions& options, const Progress& progress,
                                          const std::atomic_bool* cancel) const
{
    const auto stanza = info(cancel);
    if (!stanza)
        return stanza.error();
    RestoreCheck check;
    check.label = options.label.isEmpty() ? stanza->lastGood()->label : options.label;
    const QString bin = options.pgBinDir.isEmpty() ? QStringLiteral("/usr/lib/postgresql/%1/bin").arg(stanza->pgVersion)
                                                   : options.pgBinDir;
    const QString parent = options.scratchParent.isEmpty() ? QDir::tempPath() : options.scratchParent;
    if (!QFileInfo(parent).isDir())
        return Error { QStringLiteral("pgbackrest.scratch"),
                       QCoreApplication::translate("art32::PgBackRest",
                                                   "The folder for the scratch copy, %1, does not exist.")
                           .arg(parent) };
    const QString scratch
        = QDir(parent).filePath(QStringLiteral("art32-restore-%1")
                                    .arg(QRandomGenerator::system()->generate() & 0xffffffU, 6, 16, QLatin1Char('0')));
    const int port = options.port > 0 ? options.port : 40000 + int(QCoreApplication::applicationPid() % 20000);
    // The server's log lives inside the scratch directory (the server's user's own, 0700): nobody can plant a link.
    const QString log = scratch + QStringLiteral("/art32-restore.log");
    const QString hba = scratch + QStringLiteral(".hba");

    const auto step = [&](const QStringList& command, int timeoutMs = 600000) -> Result<RunOutcome> {
        auto outcome = runCancellable(launched(m_target, command), {}, cancel, timeoutMs);
        if (!outcome)
            return outcome.error();
        if (outcome->exitCode != 0)
            return Error { QStringLiteral("pgbackrest.restore_check"),
                           QCoreApplication::translate("art32::PgBackRest",
                                                       "The restore rehearsal failed at %1 (exit code %2): %3")
                               .arg(QFileInfo(command.first()).fileName())
                               .arg(outcome->exitCode)
                               .arg(lastErrorLine(outcome->out, outcome->err)) };
        return outcome;
    };
    bool started = false;
    bool hbaWritten = false;
    // Whatever happens, the temporary server stops and the scratch copy goes: never half a database left behind.
    const auto cleanUp = [&] {
        if (started)
            runCancellable(launched(m_target,
                                    { bin + QStringLiteral("/pg_ctl"), QStringLiteral("stop"), QStringLiteral("-D"),
                                      scratch, QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w"),
                                      QStringLiteral("-s") }),
                           {}, nullptr, 120000);
        runCancellable(
            launched(m_target, { QStringLiteral("rm"), QStringLiteral("-rf"), QStringLiteral("--"), scratch }), {},
            nullptr, 600000);
        if (hbaWritten)
            QFile::remove(hba);
    };
    const auto fail = [&](const Error& error) -> Result<RestoreCheck> {
        cleanUp();
        return error;
    };

    QElapsedTimer total;
    total.start();
    if (auto made = step({ QStringLiteral("mkdir"), QStringLiteral("-m"), QStringLiteral("0700"), scratch }); !made)
        return fail(made.error());
    // The temporary server trusts local connections on its own socket, which lies inside the 0700 scratch
    // directory: only the server's user reaches it.
    {
        QFile file(hba);
        // A new file only (O_EXCL): never through a link or into a file someone put there in a shared /tmp.
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return fail(Error { QStringLiteral("pgbackrest.scratch"),
                                QCoreApplication::translate("art32::PgBackRest", "Could not write %1.").arg(hba) });
        hbaWritten = true;
        if (file.write("local all all trust\n") < 0)
            return fail(Error { QStringLiteral("pgbackrest.scratch"),
                                QCoreApplication::translate("art32::PgBackRest", "Could not write %1.").arg(hba) });
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                            | QFileDevice::ReadOther);
    }
    QElapsedTimer restoring;
    restoring.start();
    if (progress)
        progress(
            0,
            QCoreApplication::translate("art32::PgBackRest", "Restoring %1 into a scratch directory").arg(check.label));
    const Progress copying = [&](double percent, const QString&) {
        if (progress)
            progress(percent * 0.9,
                     QCoreApplication::translate("art32::PgBackRest", "Restoring %1 into a scratch directory")
                         .arg(check.label));
    };
    auto restored = run({ QStringLiteral("--pg1-path=") + scratch, QStringLiteral("--set=") + check.label,
                          QStringLiteral("--type=immediate"), QStringLiteral("--target-action=promote"),
                          QStringLiteral("--log-level-console=detail"), QStringLiteral("--log-level-stderr=error"),
                          QStringLiteral("restore") },
                        copying, cancel);
    if (!restored)
        return fail(restored.error());
    if (progress)
        progress(90, QCoreApplication::translate("art32::PgBackRest", "Starting a temporary server on the copy"));
    // No TCP, no archiving (the copy must never write to the repository), the socket in the scratch directory.
    const QString serverOptions = QStringLiteral("-c listen_addresses= -c unix_socket_directories='%1' -p %2 "
                                                 "-c archive_mode=off -c hba_file='%3'")
                                      .arg(scratch)
                                      .arg(port)
                                      .arg(hba);
    started = true;
    if (auto up = step({ bin + QStringLiteral("/pg_ctl"), QStringLiteral("start"), QStringLiteral("-w"),
                         QStringLiteral("-s"), QStringLiteral("-t"), QStringLiteral("600"), QStringLiteral("-D"),
                         scratch, QStringLiteral("-l"), log, QStringLiteral("-o"), serverOptions });
        !up) {
        // The server's own last words say why it did not start.
        Error error = up.error();
        if (auto tail = runCancellable(launched(m_target,
                                                { QStringLiteral("tail"), QStringLiteral("-n"), QStringLiteral("40"),
                                                  QStringLiteral("--"), log }),
                                       {}, nullptr, 30000)) {
            QStringList why;
            for (const QString& line : QString::fromUtf8(tail->out).split(QLatin1Char('\n'))) {
                if (line.contains(QLatin1String("FATAL:")) || line.contains(QLatin1String("PANIC:"))
                    || line.contains(QLatin1String("ERROR:")))
                    why.append(line.section(QLatin1String("] "), 1).simplified());
            }
            error.message += QLatin1Char(' ') + why.mid(qMax(0, int(why.size()) - 3)).join(QLatin1Char(' ')).left(800);
        }
        return fail(error);
    }
    const QStringList psql { bin + QStringLiteral("/psql"),
                             QStringLiteral("-X"),
                             QStringLiteral("-A"),
                             QStringLiteral("-t"),
                             QStringLiteral("-q"),
                             QStringLiteral("-v"),
                             QStringLiteral("ON_ERROR_STOP=1"),
                             QStringLiteral("-h"),
                             scratch,
                             QStringLiteral("-p"),
                             QString::number(port),
                             QStringLiteral("-U"),
                             options.user,
                             QStringLiteral("-d"),
                             options.database,
                             QStringLiteral("-c") };
    // The copy answers once recovery reached the backup's consistent point and it promoted itself.
    for (;;) {
        auto answer = step(psql + QStringList { QStringLiteral("SELECT pg_catalog.pg_is_in_recovery()") }, 60000);
        if (!answer)
            return fail(answer.error());
        if (answer->out.trimmed() == "f")
            break;
        if (isCancelled(cancel))
            return fail(cancelled());
        if (restoring.elapsed() > 6 * 3600 * 1000)
            return fail(Error {
                QStringLiteral("process.timeout"),
                QCoreApplication::translate("art32::PgBackRest", "The restored copy did not finish recovery.") });
        QThread::msleep(100);
    }
    auto answer = step(psql
                           + QStringList { QStringLiteral(
                               "SELECT pg_catalog.current_setting('server_version') || '|' || pg_catalog.count(*) FROM "
                               "pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE "
                               "c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND "
                               "n.nspname NOT LIKE 'pg_toast%'") },
                       60000);
    if (!answer)
        return fail(answer.error());
    // Erasures made since the backup stay made: re-applied in the copy, as a real restore must (DESIGN.md §5). The
    // ids are numbers we format ourselves; nothing else enters the statement.
    if (!options.erasures.isEmpty()) {
        if (progress)
            progress(94, QCoreApplication::translate("art32::PgBackRest", "Re-applying the erasure ledger"));
        QStringList ids;
        for (const qint64 id : options.erasures)
            ids.append(QString::number(id));
        const QString in = QStringLiteral("(SELECT unnest('{%1}'::bigint[]))").arg(ids.join(QLatin1Char(',')));
        const QString sql
            = QStringLiteral(
                  "WITH had AS (SELECT count(DISTINCT account_id) AS n FROM (SELECT account_id FROM art32.account_keys "
                  "WHERE account_id IN %1 UNION ALL SELECT account_id FROM art32.records WHERE account_id IN %1 "
                  "UNION ALL SELECT account_id FROM art32.blind_index WHERE account_id IN %1) x), "
                  "k AS (DELETE FROM art32.account_keys WHERE account_id IN %1 RETURNING 1), "
                  "r AS (DELETE FROM art32.records WHERE account_id IN %1 RETURNING 1), "
                  "b AS (DELETE FROM art32.blind_index WHERE account_id IN %1 RETURNING 1), "
                  "a AS (UPDATE art32.accounts SET status = 'erased', version = version + 1 WHERE id IN %1 AND "
                  "status <> 'erased' RETURNING 1) "
                  "SELECT had.n FROM had, (SELECT count(*) FROM k) k, (SELECT count(*) FROM r) r, "
                  "(SELECT count(*) FROM b) b, (SELECT count(*) FROM a) a")
                  .arg(in);
        QStringList erase = psql;
        const int db = erase.indexOf(QStringLiteral("-d"));
        erase[db + 1] = options.erasureDatabase.isEmpty() ? options.database : options.erasureDatabase;
        auto erased = step(erase + QStringList { sql }, 600000);
        if (!erased)
            return fail(erased.error());
        // What is left of those accounts in the copy: nothing, or the drill failed.
        auto left = step(erase
                             + QStringList { QStringLiteral("SELECT count(*) FROM art32.account_keys WHERE account_id "
                                                            "IN %1")
                                                 .arg(in) },
                         60000);
        if (!left)
            return fail(left.error());
        if (left->out.trimmed() != "0")
            return fail(Error { QStringLiteral("pgbackrest.restore_check"),
                                QCoreApplication::translate("art32::PgBackRest",
                                                            "The copy still holds keys of erased accounts after the "
                                                            "erasure ledger was re-applied.") });
        check.erasuresReapplied = QString::fromUtf8(erased->out).trimmed().toInt();
    }
    check.restoreMs = restoring.elapsed();
    const QString line = QString::fromUtf8(answer->out).trimmed();
    check.serverVersion = line.section(QLatin1Char('|'), 0, 0);
    check.tables = line.section(QLatin1Char('|'), 1, 1).toLongLong();
    if (progress)
        progress(97, QCoreApplication::translate("art32::PgBackRest", "Removing the scratch copy"));
    cleanUp();
    check.totalMs = total.elapsed();
    if (QFileInfo::exists(scratch))
        return Error {
            QStringLiteral("pgbackrest.scratch"),
            QCoreApplication::translate("art32::PgBackRest", "The scratch copy %1 could not be removed.").arg(scratch)
        };
    return check;
}

backup::BackupEntry toEntry(const Backup& b, const Stanza& stanza)
{
    backup::BackupEntry e;
    e.backend = backup::Backend::PgBackRest;
    e.label = b.label;
    e.started = b.start;
    e.finished = b.stop;
    if (b.repoSize <= quint64(std::numeric_limits<qint64>::max()))
        e.sizeBytes = qint64(b.repoSize);
    e.serverVersion = stanza.pgVersion;
    e.state = b.error ? backup::BackupState::Failed : backup::BackupState::Complete;
    if (b.error)
        e.error = QCoreApplication::translate("art32::PgBackRest",
                                              "pgBackRest found errors (page checksums) while copying this backup.");
    return e;
}

Result<QMap<QString, qint64>> importInto(pqxx::connection_base& conn, const Stanza& stanza)
{
    QMap<QString, qint64> ids;
    for (const Backup& b : stanza.backups) {
        auto id = backup::catalogue::import(conn, toEntry(b, stanza));
        if (!id)
            return id.error();
        ids.insert(b.label, id.value());
    }
    // Sets pgBackRest expired itself are gone from its info: not present any more (i13-gui). Only when the repository
    // answered for the stanza (OK, or no valid backups): a stanza it could not read says nothing about what is gone.
    if (stanza.statusCode == int(StanzaStatus::Ok) || stanza.statusCode == int(StanzaStatus::NoValidBackups)) {
        if (auto gone = backup::catalogue::expireMissing(conn, ids.keys()); !gone)
            return gone.error();
    }
    return ids;
}

} // namespace art32::pgbackrest
