#include "backup/Ledger.h"

#include "store/Database.h"
#include "store/PgWire.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <pqxx/result>
#include <pqxx/transaction>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace art32::backup::ledger {

namespace {

constexpr std::size_t kMacBytes = 32;
constexpr char kFirstLine[] = "ART32LEDGER 1";
constexpr char kFileName[] = "erasure-ledger.art32led";
constexpr qint64 kMaxFile = 256LL * 1024 * 1024; ///< 256 MB: millions of erasures; anything larger is not ours

Error error(const char* code, const QString& message)
{
    return Error { QString::fromLatin1(code), message };
}

/** The ledger's own key: a subkey of the backup key, so a ledger MAC never doubles as anything else. */
class LedgerKey
{
public:
    explicit LedgerKey(const SecureBytes& backupKey)
        : m_key(crypto_kdf_KEYBYTES)
    {
        m_ok = backupKey.size() == crypto_kdf_KEYBYTES
            && crypto_kdf_derive_from_key(m_key.data(), m_key.size(), 1, "art32led", backupKey.data()) == 0;
    }
    bool ok() const { return m_ok; }

    QByteArray mac(const QByteArray& previous, const QByteArray& body) const
    {
        crypto_generichash_state st;
        crypto_generichash_init(&st, m_key.data(), m_key.size(), kMacBytes);
        crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(previous.constData()),
                                  static_cast<unsigned long long>(previous.size()));
        crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(body.constData()),
                                  static_cast<unsigned long long>(body.size()));
        QByteArray out(kMacBytes, '\0');
        crypto_generichash_final(&st, reinterpret_cast<unsigned char*>(out.data()), kMacBytes);
        return out;
    }
    /** The first line's key id: tells a wrong key from a damaged file, reveals nothing of the key. */
    QByteArray keyId() const { return mac(QByteArray(), QByteArrayLiteral("art32 ledger key id v1")).left(16); }
    /** The chain's start, bound to the first line. */
    QByteArray start(const QByteArray& firstLine) const
    {
        return mac(QByteArrayLiteral("art32 ledger v1\n"), firstLine);
    }

private:
    SecureBytes m_key;
    bool m_ok = false;
};

QByteArray ms(const QDateTime& t)
{
    return QByteArray::number(t.toMSecsSinceEpoch());
}

QByteArray entryBody(int n, const Entry& e)
{
    return "E " + QByteArray::number(n) + ' ' + QByteArray::number(e.accountId) + ' ' + ms(e.erasedAt) + ' '
        + ms(e.backupsUntil) + ' ' + QByteArray::number(e.auditSeq);
}

QByteArray sealBody(int n, const QDateTime& at)
{
    return "S " + QByteArray::number(n) + ' ' + ms(at);
}

bool number(const QByteArray& text, qint64& out)
{
    if (text.isEmpty() || text.size() > 19)
        return false;
    for (int i = 0; i < text.size(); ++i) {
        if (!(text[i] >= '0' && text[i] <= '9') && !(i == 0 && text[i] == '-' && text.size() > 1))
            return false;
    }
    bool ok = false;
    out = text.toLongLong(&ok);
    return ok;
}

QString ioError(const QString& what)
{
    return QCoreApplication::translate("art32::backup", "%1: %2").arg(what, QString::fromLocal8Bit(strerror(errno)));
}

struct Parsed
{
    File file;
    QByteArray last; ///< the chain value after the last line
};

/** Checks the whole text: the first line, every line's MAC in order, the seals, the end. */
Result<Parsed> parse(const QByteArray& text, const LedgerKey& key, const QString& path)
{
    Parsed p;
    p.file.exists = true;
    const auto tampered = [&](int line, const QString& why) {
        return error("backup.ledger.tampered",
                     QCoreApplication::translate(
                         "art32::backup",
                         "The erasure ledger %1 has been altered at line %2 (%3): restore with a copy you trust, or "
                         "give --no-ledger knowing that erasures made after the backup come back.")
                         .arg(path)
                         .arg(line)
                         .arg(why));
    };
    const auto truncated = [&](const QString& why) {
        return error("backup.ledger.truncated",
                     QCoreApplication::translate(
                         "art32::backup", "The erasure ledger %1 is truncated (%2): erasures may be missing from it.")
                         .arg(path, why));
    };
    if (text.isEmpty())
        return truncated(QCoreApplication::translate("art32::backup", "it is empty"));
    const QList<QByteArray> lines = text.split('\n');
    // A complete file ends with a newline: split() leaves one empty string after it.
    const bool endsClean = text.endsWith('\n');
    const int count = static_cast<int>(lines.size()) - (endsClean ? 1 : 0);
    const QByteArray first = lines.first();
    if (!first.startsWith(QByteArray(kFirstLine) + ' '))
        return first.startsWith("ART32LEDGER ")
            ? error("backup.ledger.format",
                    QCoreApplication::translate(
                        "art32::backup", "The erasure ledger %1 is of a format version this version cannot read.")
                        .arg(path))
            : error("backup.ledger.format",
                    QCoreApplication::translate("art32::backup", "%1 is not an Art32 erasure ledger.").arg(path));
    const QByteArray id = QByteArray::fromHex(first.mid(int(sizeof kFirstLine)));
    if (id.size() != 16 || first.size() != int(sizeof kFirstLine) + 32)
        return count == 1 && !endsClean
            ? truncated(QCoreApplication::translate("art32::backup", "it ends inside its first line"))
            : tampered(1, QCoreApplication::translate("art32::backup", "its key id"));
    if (sodium_memcmp(id.constData(), key.keyId().constData(), 16) != 0)
        return error(
            "backup.ledger.wrongkey",
            QCoreApplication::translate(
                "art32::backup", "The erasure ledger %1 was written with another backup key: this key cannot check it.")
                .arg(path));
    QByteArray chain = key.start(first);
    int entries = 0;
    int sealedEntries = -1;
    QHash<qint64, int> seen;
    for (int i = 1; i < count; ++i) {
        const QByteArray& line = lines.at(i);
        const bool lastLine = i == count - 1;
        const int space = line.lastIndexOf(' ');
        const QByteArray macHex = space > 0 ? line.mid(space + 1) : QByteArray();
        if (lastLine && !endsClean && (space < 0 || macHex.size() != int(kMacBytes * 2)))
            return truncated(QCoreApplication::translate("art32::backup", "it ends inside line %1").arg(i + 1));
        const QByteArray body = line.left(space);
        const QByteArray mac = QByteArray::fromHex(macHex);
        if (mac.size() != int(kMacBytes) || macHex.size() != int(kMacBytes * 2))
            return lastLine && !endsClean
                ? truncated(QCoreApplication::translate("art32::backup", "it ends inside line %1").arg(i + 1))
                : tampered(i + 1, QCoreApplication::translate("art32::backup", "its MAC is missing"));
        const QByteArray expected = key.mac(chain, body);
        if (sodium_memcmp(expected.constData(), mac.constData(), kMacBytes) != 0)
            return tampered(i + 1, QCoreApplication::translate("art32::backup", "its MAC does not match"));
        chain = expected;
        const QList<QByteArray> f = body.split(' ');
        if (f.first() == "E" && f.size() == 6) {
            qint64 n = 0, account = 0, erased = 0, until = 0, seq = 0;
            if (!number(f[1], n) || !number(f[2], account) || !number(f[3], erased) || !number(f[4], until)
                || !number(f[5], seq) || n != entries + 1)
                return tampered(i + 1, QCoreApplication::translate("art32::backup", "an entry out of order"));
            ++entries;
            Entry e { account, QDateTime::fromMSecsSinceEpoch(erased, Qt::UTC),
                      QDateTime::fromMSecsSinceEpoch(until, Qt::UTC), seq };
            if (seen.contains(account))
                return tampered(i + 1, QCoreApplication::translate("art32::backup", "account %1 twice").arg(account));
            seen.insert(account, entries);
            p.file.entries.append(e);
            p.file.chain.append(chain);
            sealedEntries = -1;
        } else if (f.first() == "S" && f.size() == 3) {
            qint64 n = 0, at = 0;
            if (!number(f[1], n) || !number(f[2], at) || n != entries)
                return tampered(i + 1,
                                QCoreApplication::translate("art32::backup", "a seal with a wrong count (%1, not %2)")
                                    .arg(QString::fromLatin1(f[1]))
                                    .arg(entries));
            sealedEntries = entries;
        } else {
            return tampered(i + 1, QCoreApplication::translate("art32::backup", "a line of unknown form"));
        }
    }
    if (!endsClean)
        return truncated(QCoreApplication::translate("art32::backup", "it does not end with a complete line"));
    if (sealedEntries != entries)
        return truncated(QCoreApplication::translate("art32::backup", "its last write was never sealed"));
    p.last = chain;
    return p;
}

Result<QByteArray> readAllFd(int fd, const QString& path)
{
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0)
        return error("backup.io", ioError(path));
    if (!S_ISREG(st.st_mode) || st.st_size > kMaxFile)
        return error("backup.ledger.format",
                     QCoreApplication::translate("art32::backup", "%1 is not an Art32 erasure ledger.").arg(path));
    QByteArray text(static_cast<qsizetype>(st.st_size), '\0');
    qsizetype got = 0;
    while (got < text.size()) {
        const ssize_t n = ::pread(fd, text.data() + got, static_cast<std::size_t>(text.size() - got), got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return error("backup.io", ioError(path));
        if (n == 0)
            break;
        got += n;
    }
    text.truncate(got);
    return text;
}

} // namespace

QString pathIn(const QString& backupDir)
{
    return QDir(backupDir).filePath(QString::fromLatin1(kFileName));
}

Result<File> read(const QString& path, const SecureBytes& backupKey)
{
    const LedgerKey key(backupKey);
    if (!key.ok())
        return error("backup.key.form",
                     QCoreApplication::translate("art32::backup", "The backup key is not 32 bytes."));
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT)
            return File {};
        return error("backup.io", ioError(path));
    }
    ::flock(fd, LOCK_SH);
    auto text = readAllFd(fd, path);
    ::close(fd);
    if (!text)
        return text.error();
    auto parsed = parse(text.value(), key, path);
    if (!parsed)
        return parsed.error();
    return parsed->file;
}

Anchor anchorOf(const File& file)
{
    Anchor a;
    a.entries = static_cast<int>(file.entries.size());
    if (a.entries > 0)
        a.head = file.chain.last().toHex();
    return a;
}

QString keyIdHex(const SecureBytes& backupKey)
{
    const LedgerKey key(backupKey);
    return key.ok() ? QString::fromLatin1(key.keyId().toHex()) : QString();
}

Result<void> checkAnchor(const File& file, const Anchor& anchor, const QString& path, const QString& source)
{
    if (anchor.entries <= 0)
        return {};
    if (!source.isEmpty() && file.entries.size() < anchor.entries)
        return error("backup.ledger.truncated",
                     QCoreApplication::translate(
                         "art32::backup",
                         "The erasure ledger %1 holds %2 erasures, but %3 says it held %4: either the file has been "
                         "cut back, and erasures made since could come back, or that anchor is false (a backup "
                         "operator's finish records any anchor it is given). Restore with a copy of the ledger you "
                         "trust (--ledger FILE), or give --no-ledger knowing that erasures could come back.")
                         .arg(path)
                         .arg(file.entries.size())
                         .arg(source)
                         .arg(anchor.entries));
    if (!source.isEmpty() && file.chain.at(anchor.entries - 1).toHex() != anchor.head)
        return error("backup.ledger.tampered",
                     QCoreApplication::translate(
                         "art32::backup",
                         "The erasure ledger %1 (%2 erasures) does not match %4: its first %3 erasures are not those "
                         "it names, so either the file has been altered or that anchor is false. Restore with a copy "
                         "of the ledger you trust (--ledger FILE), or give --no-ledger knowing that erasures made "
                         "since could come back.")
                         .arg(path)
                         .arg(file.entries.size())
                         .arg(anchor.entries)
                         .arg(source));
    if (file.entries.size() < anchor.entries)
        return error("backup.ledger.truncated",
                     QCoreApplication::translate(
                         "art32::backup",
                         "The erasure ledger %1 is truncated: it holds fewer erasures (%2) than when the backup was "
                         "made (%3).")
                         .arg(path)
                         .arg(file.entries.size())
                         .arg(anchor.entries));
    if (file.chain.at(anchor.entries - 1).toHex() != anchor.head)
        return error(
            "backup.ledger.tampered",
            QCoreApplication::translate(
                "art32::backup",
                "The erasure ledger %1 has been altered: its erasures up to number %2 are not those the backup saw.")
                .arg(path)
                .arg(anchor.entries));
    return {};
}

Result<SyncResult> sync(const QString& path, const SecureBytes& backupKey, const QList<Entry>& live)
{
    const LedgerKey key(backupKey);
    if (!key.ok())
        return error("backup.key.form",
                     QCoreApplication::translate("art32::backup", "The backup key is not 32 bytes."));
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return error("backup.io", ioError(path));
    struct FdCloser
    {
        int fd;
        ~FdCloser() { ::close(fd); }
    } closer { fd };
    if (::flock(fd, LOCK_EX) != 0)
        return error("backup.io", ioError(path));
    auto text = readAllFd(fd, path);
    if (!text)
        return text.error();
    QByteArray chain;
    File file;
    QByteArray out;
    if (text->isEmpty()) {
        ::fchmod(fd, 0600);
        const QByteArray first = QByteArray(kFirstLine) + ' ' + key.keyId().toHex();
        out += first + '\n';
        chain = key.start(first);
        file.exists = true;
    } else {
        auto parsed = parse(text.value(), key, path);
        if (!parsed)
            return parsed.error();
        file = parsed->file;
        chain = parsed->last;
    }
    QHash<qint64, bool> inFile;
    for (const Entry& e : file.entries)
        inFile.insert(e.accountId, true);
    QHash<qint64, bool> inLive;
    SyncResult r;
    for (const Entry& e : live) {
        inLive.insert(e.accountId, true);
        if (inFile.contains(e.accountId))
            continue;
        inFile.insert(e.accountId, true);
        const QByteArray body = entryBody(static_cast<int>(file.entries.size()) + 1, e);
        chain = key.mac(chain, body);
        out += body + ' ' + chain.toHex() + '\n';
        file.entries.append(e);
        file.chain.append(chain);
        ++r.added;
    }
    for (const Entry& e : file.entries)
        r.onlyInFile += inLive.contains(e.accountId) ? 0 : 1;
    if (!out.isEmpty()) {
        const QByteArray body = sealBody(static_cast<int>(file.entries.size()), QDateTime::currentDateTimeUtc());
        chain = key.mac(chain, body);
        out += body + ' ' + chain.toHex() + '\n';
        const char* p = out.constData();
        qsizetype left = out.size();
        while (left > 0) {
            const ssize_t n = ::write(fd, p, static_cast<std::size_t>(left));
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return error("backup.io", ioError(path));
            p += n;
            left -= n;
        }
        if (::fsync(fd) != 0)
            return error("backup.io", ioError(path));
        const int dir
            = ::open(QFile::encodeName(QFileInfo(path).absolutePath()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir >= 0) {
            ::fsync(dir);
            ::close(dir);
        }
    }
    r.total = static_cast<int>(file.entries.size());
    r.anchor = anchorOf(file);
    return r;
}

Result<QList<Entry>> live(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<QList<Entry>> {
        pqxx::read_transaction tx(conn);
        QList<Entry> out;
        for (const auto& row : tx.exec("SELECT account_id, floor(extract(epoch FROM erased_at) * 1000)::bigint, "
                                       "floor(extract(epoch FROM backups_until) * 1000)::bigint, audit_seq "
                                       "FROM art32.backup_ledger()"))
            out.append({ row[0].as<long long>(), QDateTime::fromMSecsSinceEpoch(row[1].as<long long>(), Qt::UTC),
                         QDateTime::fromMSecsSinceEpoch(row[2].as<long long>(), Qt::UTC), row[3].as<long long>() });
        return out;
    });
}

QList<Entry> merge(const QList<Entry>& live, const QList<Entry>& file)
{
    QList<Entry> out = live;
    QHash<qint64, bool> have;
    for (const Entry& e : live)
        have.insert(e.accountId, true);
    for (const Entry& e : file) {
        if (!have.contains(e.accountId)) {
            have.insert(e.accountId, true);
            out.append(e);
        }
    }
    return out;
}

} // namespace art32::backup::ledger
