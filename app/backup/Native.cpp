#include "backup/Native.h"

#include "backup/Catalogue.h"
#include "core/Logging.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>
#include <sodium.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>
#include <zstd.h>

extern char** environ;

namespace art32::backup {

namespace {

Error error(const char* code, const QString& message)
{
    return Error { QString::fromLatin1(code), message };
}

// The file layout (docs/FORMAT.md, "Native backups").
constexpr char kMagic[8] = { 'A', 'R', 'T', '3', '2', 'B', 'A', 'K' };
constexpr int kFormatVersion = 2; ///< the stream compressed by the run (zstd); 1: the stream as pg_dump wrote it
constexpr int kOldestFormat = 1;
constexpr qint64 kPrefixBytes = 64; ///< magic, version, header length, key id, stream header, reserved
constexpr qint64 kBoundBytes = 56; ///< the part of the prefix every chunk authenticates (header length as zero)
constexpr qint64 kHeaderRegion = 65536; ///< prefix + header JSON + zero padding; chunks start here
constexpr qint64 kChunkBytes = 1 << 20; ///< plaintext per chunk
constexpr qint64 kMaxCipherChunk = kChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES;
constexpr std::size_t kKeyBytes = crypto_secretstream_xchacha20poly1305_KEYBYTES;
constexpr int kKeyIdBytes = 16;

void putU16(unsigned char* p, quint16 v)
{
    p[0] = static_cast<unsigned char>(v >> 8);
    p[1] = static_cast<unsigned char>(v);
}
void putU32(unsigned char* p, quint32 v)
{
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<unsigned char>(v >> (24 - 8 * i));
}
quint32 getU32(const unsigned char* p)
{
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}
quint16 getU16(const unsigned char* p)
{
    return static_cast<quint16>((p[0] << 8) | p[1]);
}

/** The key's id: keyed BLAKE2b of a fixed text. Tells a wrong key from a damaged file; reveals nothing of it. */
QByteArray keyId(const SecureBytes& key)
{
    static const char kText[] = "art32 backup key id v1";
    QByteArray id(kKeyIdBytes, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(id.data()), kKeyIdBytes,
                       reinterpret_cast<const unsigned char*>(kText), sizeof kText - 1, key.data(), key.size());
    return id;
}

bool writeAll(int fd, const void* data, std::size_t size)
{
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

/** Reads up to size bytes (fewer only at end of input); -1 on error. */
ssize_t readFull(int fd, void* data, std::size_t size)
{
    char* p = static_cast<char*>(data);
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, p + got, size - got);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    return static_cast<ssize_t>(got);
}

QString lastLines(const std::string& text, int lines = 3)
{
    QStringList all = QString::fromLocal8Bit(text.data(), static_cast<qsizetype>(text.size()))
                          .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    while (all.size() > lines)
        all.removeFirst();
    return all.join(QStringLiteral(" / "));
}

/** A child process with pipes, started with posix_spawn in the C locale (its exit code is what counts). */
class Child
{
public:
    enum class Pipe { StdinFromUs, StdoutToUs };

    ~Child()
    {
        kill();
        wait();
        if (m_fd >= 0)
            ::close(m_fd);
        if (m_errThread.joinable())
            m_errThread.join();
    }

    Result<void> start(const QString& program, const QStringList& args, Pipe pipe, const SecureBytes* password)
    {
        int io[2], er[2];
        if (::pipe2(io, O_CLOEXEC) != 0 || ::pipe2(er, O_CLOEXEC) != 0)
            return error("process.start",
                         QCoreApplication::translate("art32::backup", "Could not create a pipe: %1")
                             .arg(QString::fromLocal8Bit(strerror(errno))));
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        if (pipe == Pipe::StdoutToUs) {
            posix_spawn_file_actions_adddup2(&fa, io[1], STDOUT_FILENO);
            posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        } else {
            posix_spawn_file_actions_adddup2(&fa, io[0], STDIN_FILENO);
            posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        }
        posix_spawn_file_actions_adddup2(&fa, er[1], STDERR_FILENO);

        const QByteArray prog = QFile::encodeName(program);
        std::vector<QByteArray> argStore { prog };
        for (const QString& a : args)
            argStore.push_back(a.toUtf8());
        std::vector<char*> argv;
        for (QByteArray& a : argStore)
            argv.push_back(a.data());
        argv.push_back(nullptr);

        // The environment: ours without locale or libpq password variables, LC_ALL=C, and the password if any.
        std::vector<QByteArray> envStore;
        for (char** e = environ; *e; ++e) {
            const QByteArray v(*e);
            if (v.startsWith("LC_ALL=") || v.startsWith("LANGUAGE=") || v.startsWith("PGPASSWORD="))
                continue;
            envStore.push_back(v);
        }
        envStore.push_back(QByteArrayLiteral("LC_ALL=C"));
        SecureBytes pwEnv;
        if (password && !password->isEmpty()) {
            static const char kName[] = "PGPASSWORD=";
            std::size_t len = password->size();
            while (len > 0 && password->data()[len - 1] == '\0')
                --len;
            pwEnv = SecureBytes(sizeof kName - 1 + len + 1);
            std::memcpy(pwEnv.data(), kName, sizeof kName - 1);
            std::memcpy(pwEnv.data() + sizeof kName - 1, password->data(), len);
            pwEnv.data()[pwEnv.size() - 1] = '\0';
        }
        std::vector<char*> envp;
        for (QByteArray& v : envStore)
            envp.push_back(v.data());
        if (!pwEnv.isEmpty())
            envp.push_back(reinterpret_cast<char*>(pwEnv.data()));
        envp.push_back(nullptr);

        const int rc = posix_spawn(&m_pid, prog.constData(), &fa, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&fa);
        pwEnv.clear();
        ::close(pipe == Pipe::StdoutToUs ? io[1] : io[0]);
        ::close(er[1]);
        m_fd = pipe == Pipe::StdoutToUs ? io[0] : io[1];
        const int errFd = er[0];
        if (rc != 0) {
            m_pid = -1;
            ::close(errFd);
            return error("process.start",
                         QCoreApplication::translate("art32::backup", "Could not start %1: %2")
                             .arg(program, QString::fromLocal8Bit(strerror(rc))));
        }
        m_errThread = std::thread([this, errFd] {
            char buf[4096];
            for (;;) {
                const ssize_t n = ::read(errFd, buf, sizeof buf);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0)
                    break;
                if (m_err.size() < 65536)
                    m_err.append(buf, static_cast<std::size_t>(n));
            }
            ::close(errFd);
        });
        return {};
    }

    int fd() const { return m_fd; }
    void closeFd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }
    void kill()
    {
        if (m_pid > 0 && !m_waited)
            ::kill(m_pid, SIGTERM);
    }
    /** The exit code (-1 when killed by a signal). */
    int wait()
    {
        if (m_pid <= 0)
            return -1;
        if (!m_waited) {
            int status = 0;
            while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) { }
            m_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            m_waited = true;
        }
        return m_status;
    }
    std::string stdErr()
    {
        if (m_errThread.joinable())
            m_errThread.join();
        return m_err;
    }

private:
    pid_t m_pid = -1;
    int m_fd = -1;
    bool m_waited = false;
    int m_status = -1;
    std::thread m_errThread;
    std::string m_err;
};

/** The catalogue's name of a file: its base name. */
QString labelOf(const QString& file)
{
    return QFileInfo(file).fileName();
}

QString quoteIdent(const QString& name)
{
    QString q = name;
    q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

const char* kTablesSql = "SELECT n.nspname || '.' || c.relname, format('%I.%I', n.nspname, c.relname) "
                         "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                         "WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' "
                         "ORDER BY 1";

/**
 * Counts and checksums of every table, in the transaction given (one snapshot). Each table's rows are hashed with
 * hash_record_extended (the column types' own hash functions: about a third of the time of hashing the row's
 * text, which writes every bytea out in hex), or, where a column type has no hash function, with the row's text;
 * with `like` (a header's sums), each table as the header says.
 */
TableSums sumsIn(pqxx::transaction_base& tx, const TableSums* like = nullptr)
{
    TableSums out;
    for (const auto& row : tx.exec(kTablesSql)) {
        const QString name = QString::fromStdString(row[0].as<std::string>());
        // The table's name is the server's own %I quoting of a catalogue name; no value of ours enters the statement.
        const std::string table = row[1].as<std::string>();
        auto sum = [&](const char* rowHash) {
            return tx.exec(std::string("SELECT count(*), coalesce(sum(") + rowHash + "), 0)::text FROM " + table
                           + " t");
        };
        QString method = QStringLiteral("record");
        if (like) {
            const auto known = like->constFind(name);
            if (known != like->constEnd())
                method = known->method;
        }
        pqxx::result r;
        if (method == QLatin1String("record")) {
            tx.exec("SAVEPOINT art32_sums");
            try {
                r = sum("hash_record_extended(t, 0)");
                tx.exec("RELEASE SAVEPOINT art32_sums");
            } catch (const std::exception& e) {
                if (Database::sqlstate(e) != "42883") // a column type without a hash function: its text below
                    throw;
                tx.exec("ROLLBACK TO SAVEPOINT art32_sums");
                method = QStringLiteral("text");
            }
        }
        if (method != QLatin1String("record")) {
            method = QStringLiteral("text");
            r = sum("hashtextextended(t::text, 0)");
        }
        out.insert(name,
                   TableSum { r[0][0].as<long long>(), QString::fromStdString(r[0][1].as<std::string>()), method });
    }
    return out;
}

Result<void> ensureDir(const QString& dir)
{
    if (dir.isEmpty())
        return error("backup.dir", QCoreApplication::translate("art32::backup", "No backup directory is set."));
    if (!QDir().mkpath(dir))
        return error(
            "backup.dir",
            QCoreApplication::translate("art32::backup", "Could not create the backup directory %1.").arg(dir));
    ::chmod(QFile::encodeName(dir).constData(), 0700);
    return {};
}

Result<void> fsyncDir(const QString& dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return error("backup.io",
                     QCoreApplication::translate("art32::backup", "Could not open %1: %2")
                         .arg(dir, QString::fromLocal8Bit(strerror(errno))));
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0)
        return error("backup.io",
                     QCoreApplication::translate("art32::backup", "Could not sync %1: %2")
                         .arg(dir, QString::fromLocal8Bit(strerror(errno))));
    return {};
}

QString ioError(const QString& what)
{
    return QCoreApplication::translate("art32::backup", "%1: %2").arg(what, QString::fromLocal8Bit(strerror(errno)));
}

/** An open connection of the same login to another database of the same server. */
Result<std::unique_ptr<Database>> connectTo(const Profile& base, const QString& database, const SecureBytes* password)
{
    Profile p = base;
    p.database = database;
    auto db = std::make_unique<Database>(p);
    Result<void> r = password && !password->isEmpty() ? db->open(SecureBytes::fromByteArray(password->view()))
                                                      : db->openWithoutPassword();
    if (!r)
        return r.error();
    return db;
}

Result<void> exec(Database& db, const std::string& sql)
{
    return db.run([&](pqxx::connection_base& c) {
        pqxx::nontransaction tx(c);
        tx.exec(sql);
    });
}

QString scratchName()
{
    return QStringLiteral("art32_scratch_%1_%2")
        .arg(QCoreApplication::applicationPid())
        .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
}

/** Decrypts a file and hands each plaintext chunk to sink; the header from inside the stream comes back. */
class Reader
{
public:
    Result<Header> open(const QString& file, const SecureBytes* key)
    {
        m_fd = ::open(QFile::encodeName(file).constData(), O_RDONLY | O_CLOEXEC);
        if (m_fd < 0)
            return error(errno == ENOENT ? "backup.missing" : "backup.io", ioError(file));
        unsigned char region[kHeaderRegion];
        const ssize_t n = readFull(m_fd, region, sizeof region);
        if (n < 0)
            return error("backup.io", ioError(file));
        if (n < kPrefixBytes || std::memcmp(region, kMagic, sizeof kMagic) != 0)
            return n < kPrefixBytes && n > 0 && std::memcmp(region, kMagic, std::min<std::size_t>(n, 8)) == 0
                ? error("backup.truncated",
                        QCoreApplication::translate("art32::backup", "%1 is truncated: it ends inside its header.")
                            .arg(file))
                : error("backup.format",
                        QCoreApplication::translate("art32::backup", "%1 is not an Art32 backup file.").arg(file));
        if (getU16(region + 8) < kOldestFormat || getU16(region + 8) > kFormatVersion)
            return error("backup.format",
                         QCoreApplication::translate(
                             "art32::backup", "%1 is a backup of format version %2, which this version cannot read.")
                             .arg(file)
                             .arg(getU16(region + 8)));
        if (n < kHeaderRegion)
            return error(
                "backup.truncated",
                QCoreApplication::translate("art32::backup", "%1 is truncated: it ends inside its header.").arg(file));
        const quint32 headerLen = getU32(region + 12);
        if (headerLen == 0 || headerLen > kHeaderRegion - kPrefixBytes)
            return error(
                "backup.tampered",
                QCoreApplication::translate("art32::backup", "%1 has been altered: its header length is impossible.")
                    .arg(file));
        m_headerJson = QByteArray(reinterpret_cast<const char*>(region + kPrefixBytes), headerLen);
        for (qint64 i = kPrefixBytes + headerLen; i < kHeaderRegion; ++i) {
            if (region[i] != 0)
                return error("backup.tampered",
                             QCoreApplication::translate("art32::backup", "%1 has been altered (its header's padding).")
                                 .arg(file));
        }
        // Chunks authenticate the prefix as it was when they were written: before the header length was known.
        std::memcpy(m_bound, region, kBoundBytes);
        std::memset(m_bound + 12, 0, 4);
        auto header = Header::fromJson(m_headerJson);
        if (!header || header->formatVersion != getU16(region + 8))
            return error("backup.tampered",
                         QCoreApplication::translate("art32::backup", "%1 has been altered: its header cannot be read.")
                             .arg(file));
        if (!key)
            return header;
        if (key->size() != kKeyBytes || sodium_memcmp(keyId(*key).constData(), region + 16, kKeyIdBytes) != 0)
            return error("backup.wrongkey",
                         QCoreApplication::translate("art32::backup",
                                                     "%1 was made with another backup key: this key cannot open it.")
                             .arg(file));
        if (crypto_secretstream_xchacha20poly1305_init_pull(&m_state, region + 32, key->data()) != 0)
            return error(
                "backup.tampered",
                QCoreApplication::translate("art32::backup", "%1 has been altered: its stream header is invalid.")
                    .arg(file));
        m_file = file;
        return header;
    }

    /** Decrypts the body into sink (false from sink stops); a clean end has seen the final, authenticated chunk. */
    Result<void> pump(const std::function<bool(const unsigned char*, std::size_t)>& sink, const Progress& progress,
                      const std::atomic_bool* cancel)
    {
        std::vector<unsigned char> cipher(kMaxCipherChunk);
        std::vector<unsigned char> plain(kChunkBytes + 65536);
        qint64 done = kHeaderRegion;
        qint64 reported = 0;
        for (;;) {
            if (cancel && cancel->load())
                return error("interrupted", QCoreApplication::translate("art32::backup", "Interrupted."));
            unsigned char lenBytes[4];
            const ssize_t l = readFull(m_fd, lenBytes, 4);
            if (l < 0)
                return error("backup.io", ioError(m_file));
            if (l < 4)
                return error("backup.truncated",
                             QCoreApplication::translate(
                                 "art32::backup", "%1 is truncated: it ends before its last chunk (%2 bytes read).")
                                 .arg(m_file)
                                 .arg(done + l));
            const quint32 len = getU32(lenBytes);
            if (len < crypto_secretstream_xchacha20poly1305_ABYTES || len > kMaxCipherChunk)
                return error("backup.tampered",
                             QCoreApplication::translate(
                                 "art32::backup", "%1 has been altered: a chunk length at byte %2 is impossible.")
                                 .arg(m_file)
                                 .arg(done));
            const ssize_t c = readFull(m_fd, cipher.data(), len);
            if (c < 0)
                return error("backup.io", ioError(m_file));
            if (c < static_cast<ssize_t>(len))
                return error("backup.truncated",
                             QCoreApplication::translate("art32::backup",
                                                         "%1 is truncated: it ends inside a chunk (%2 bytes read).")
                                 .arg(m_file)
                                 .arg(done + 4 + c));
            unsigned long long plainLen = 0;
            unsigned char tag = 0;
            if (crypto_secretstream_xchacha20poly1305_pull(&m_state, plain.data(), &plainLen, &tag, cipher.data(), len,
                                                           m_bound, kBoundBytes)
                != 0)
                return error("backup.tampered",
                             QCoreApplication::translate(
                                 "art32::backup", "%1 has been altered: the chunk at byte %2 fails authentication.")
                                 .arg(m_file)
                                 .arg(done));
            done += 4 + len;
            if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
                const QByteArray inner(reinterpret_cast<const char*>(plain.data()), static_cast<qsizetype>(plainLen));
                if (inner != m_headerJson)
                    return error(
                        "backup.tampered",
                        QCoreApplication::translate("art32::backup",
                                                    "%1 has been altered: its header differs from the encrypted copy.")
                            .arg(m_file));
                char extra;
                if (readFull(m_fd, &extra, 1) != 0)
                    return error("backup.tampered",
                                 QCoreApplication::translate("art32::backup",
                                                             "%1 has been altered: bytes follow its last chunk.")
                                     .arg(m_file));
                return {};
            }
            if (!sink(plain.data(), static_cast<std::size_t>(plainLen)))
                return error("backup.restore",
                             QCoreApplication::translate("art32::backup", "The restore stopped reading the backup."));
            if (progress && done - reported >= 8 * kChunkBytes) {
                reported = done;
                progress(done);
            }
        }
    }

    ~Reader()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        sodium_memzero(&m_state, sizeof m_state);
    }

private:
    int m_fd = -1;
    QString m_file;
    QByteArray m_headerJson;
    unsigned char m_bound[kBoundBytes] {};
    crypto_secretstream_xchacha20poly1305_state m_state {};
};

/**
 * One zstd stream, compressing (a run, format 2) or decompressing (a restore), in steps: feed() takes the next input
 * and hands the output to sink in pieces of at most the chunk size given; a compressing stream hands on only full
 * pieces until the input's last call. A false from sink stops it.
 */
class ZstdStream
{
public:
    enum Mode { None, Compress, Decompress };
    using Sink = std::function<bool(const unsigned char*, std::size_t)>;

    ZstdStream(Mode mode, int level, std::size_t chunk)
        : m_mode(mode)
        , m_out(mode == None ? 0 : chunk)
    {
        if (mode == Compress) {
            m_c = ZSTD_createCCtx();
            if (m_c)
                ZSTD_CCtx_setParameter(m_c, ZSTD_c_compressionLevel, level);
        } else if (mode == Decompress) {
            m_d = ZSTD_createDCtx();
        }
    }
    ~ZstdStream()
    {
        ZSTD_freeCCtx(m_c);
        ZSTD_freeDCtx(m_d);
    }
    ZstdStream(const ZstdStream&) = delete;
    ZstdStream& operator=(const ZstdStream&) = delete;

    bool feed(const unsigned char* data, std::size_t size, bool last, const Sink& sink)
    {
        if ((m_mode == Compress && !m_c) || (m_mode == Decompress && !m_d))
            return fail(QCoreApplication::translate("art32::backup", "Out of memory for the zstd stream."));
        ZSTD_inBuffer in { data, size, 0 };
        for (;;) {
            ZSTD_outBuffer out { m_out.data(), m_out.size(), m_pos };
            const std::size_t left = m_mode == Compress
                ? ZSTD_compressStream2(m_c, &out, &in, last ? ZSTD_e_end : ZSTD_e_continue)
                : ZSTD_decompressStream(m_d, &out, &in);
            if (ZSTD_isError(left))
                return fail(QString::fromLatin1(ZSTD_getErrorName(left)));
            m_pos = out.pos;
            if (m_mode == Decompress)
                m_frameOpen = left != 0;
            // A decompressing stream hands on all it has; a compressing one full chunks, and at the end the rest.
            const bool finished = m_mode == Compress ? (last ? left == 0 : in.pos == in.size)
                                                     : in.pos == in.size && m_pos < m_out.size();
            if (m_pos == m_out.size() || (m_pos > 0 && (m_mode == Decompress || (finished && last)))) {
                if (!sink(m_out.data(), m_pos))
                    return false;
                m_pos = 0;
            }
            if (finished) // a compressing stream keeps a part-filled chunk for its next input
                return true;
        }
    }
    /** After a decompressing stream's last input: whether it ended on a frame's end. */
    bool complete() const { return !m_frameOpen && m_pos == 0; }
    QString failure() const { return m_failure; }

private:
    bool fail(const QString& why)
    {
        m_failure = why;
        return false;
    }

    Mode m_mode;
    std::vector<unsigned char> m_out;
    std::size_t m_pos = 0;
    bool m_frameOpen = true; ///< until a frame has ended
    ZSTD_CCtx* m_c = nullptr;
    ZSTD_DCtx* m_d = nullptr;
    QString m_failure;
};

} // namespace

// --- header -------------------------------------------------------------------------------------------------

QByteArray Header::toJson() const
{
    QJsonObject t;
    for (auto it = tables.begin(); it != tables.end(); ++it) {
        QJsonObject table { { QStringLiteral("rows"), QString::number(it->rows) },
                            { QStringLiteral("checksum"), it->checksum } };
        if (it->method != QLatin1String("text")) // absent: the text form, as in older headers
            table.insert(QStringLiteral("hash"), it->method);
        t.insert(it.key(), table);
    }
    const QJsonObject o { { QStringLiteral("format"), formatVersion },
                          { QStringLiteral("database"), database },
                          { QStringLiteral("started"), started.toUTC().toString(Qt::ISODateWithMs) },
                          { QStringLiteral("finished"), finished.toUTC().toString(Qt::ISODateWithMs) },
                          { QStringLiteral("server_version"), serverVersion },
                          { QStringLiteral("catalogue_id"), QString::number(catalogueId) },
                          { QStringLiteral("tables"), t } };
    QJsonObject withLedger = o;
    if (compressLevel >= 0)
        withLedger.insert(QStringLiteral("compress"), compressLevel);
    if (!codec.isEmpty()) {
        withLedger.insert(QStringLiteral("codec"), codec);
        withLedger.insert(QStringLiteral("codec_level"), codecLevel);
    }
    if (ledgerEntries > 0)
        withLedger.insert(QStringLiteral("ledger"),
                          QJsonObject { { QStringLiteral("entries"), QString::number(ledgerEntries) },
                                        { QStringLiteral("head"), ledgerHead } });
    return QJsonDocument(withLedger).toJson(QJsonDocument::Compact);
}

Result<Header> Header::fromJson(const QByteArray& json)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return error("backup.format",
                     QCoreApplication::translate("art32::backup", "The backup header is not valid JSON."));
    const QJsonObject o = doc.object();
    Header h;
    h.formatVersion = o.value(QStringLiteral("format")).toInt();
    h.database = o.value(QStringLiteral("database")).toString();
    h.started = QDateTime::fromString(o.value(QStringLiteral("started")).toString(), Qt::ISODateWithMs);
    h.finished = QDateTime::fromString(o.value(QStringLiteral("finished")).toString(), Qt::ISODateWithMs);
    h.serverVersion = o.value(QStringLiteral("server_version")).toString();
    h.catalogueId = o.value(QStringLiteral("catalogue_id")).toString().toLongLong();
    const QJsonObject l = o.value(QStringLiteral("ledger")).toObject();
    h.ledgerEntries = l.value(QStringLiteral("entries")).toString().toInt();
    h.ledgerHead = l.value(QStringLiteral("head")).toString();
    h.compressLevel = o.value(QStringLiteral("compress")).toInt(-1);
    h.codec = o.value(QStringLiteral("codec")).toString();
    h.codecLevel = o.value(QStringLiteral("codec_level")).toInt();
    const QJsonObject t = o.value(QStringLiteral("tables")).toObject();
    for (auto it = t.begin(); it != t.end(); ++it) {
        const QJsonObject v = it.value().toObject();
        bool ok = false;
        const qint64 rows = v.value(QStringLiteral("rows")).toString().toLongLong(&ok);
        if (!ok)
            return error(
                "backup.format",
                QCoreApplication::translate("art32::backup", "The backup header's row count of %1 is not a number.")
                    .arg(it.key()));
        const QString method = v.value(QStringLiteral("hash")).toString(QStringLiteral("text"));
        if (method != QLatin1String("text") && method != QLatin1String("record"))
            return error("backup.format",
                         QCoreApplication::translate("art32::backup",
                                                     "The backup header hashes %1 in a way this program does not know.")
                             .arg(it.key()));
        h.tables.insert(it.key(), TableSum { rows, v.value(QStringLiteral("checksum")).toString(), method });
    }
    if (h.formatVersion < kOldestFormat || h.formatVersion > kFormatVersion || !h.started.isValid()
        || h.tables.isEmpty())
        return error(
            "backup.format",
            QCoreApplication::translate("art32::backup", "The backup header lacks its version, start time or tables."));
    // Format 2 is the stream compressed with zstd, format 1 the stream as pg_dump wrote it: nothing else.
    if (h.codec != (h.formatVersion == 2 ? QStringLiteral("zstd") : QString()))
        return error("backup.format",
                     QCoreApplication::translate("art32::backup",
                                                 "The backup header names a compression (%1) this program does not "
                                                 "know for format %2.")
                         .arg(h.codec.isEmpty() ? QStringLiteral("-") : h.codec)
                         .arg(h.formatVersion));
    return h;
}

QMap<QString, qint64> Header::rowCounts() const
{
    QMap<QString, qint64> out;
    for (auto it = tables.begin(); it != tables.end(); ++it)
        out.insert(it.key(), it->rows);
    return out;
}

// --- keys ---------------------------------------------------------------------------------------------------

SecureBytes generateKey()
{
    SecureBytes key(kKeyBytes);
    crypto_secretstream_xchacha20poly1305_keygen(key.data());
    return key;
}

QByteArray keyToText(const SecureBytes& key)
{
    QByteArray hex(static_cast<qsizetype>(key.size() * 2 + 1), '\0');
    sodium_bin2hex(hex.data(), static_cast<std::size_t>(hex.size()), key.data(), key.size());
    hex[hex.size() - 1] = '\n';
    return hex;
}

Result<SecureBytes> keyFromText(const QByteArray& text)
{
    SecureBytes key(kKeyBytes);
    std::size_t len = 0;
    const QByteArray trimmed = text.trimmed();
    if (trimmed.size() != qsizetype(kKeyBytes * 2)
        || sodium_hex2bin(key.data(), key.size(), trimmed.constData(), static_cast<std::size_t>(trimmed.size()),
                          nullptr, &len, nullptr)
            != 0
        || len != kKeyBytes)
        return error("backup.key.form",
                     QCoreApplication::translate("art32::backup", "The backup key is not 64 hexadecimal digits."));
    return key;
}

Result<void> writeKeyFile(const QString& path, const SecureBytes& key, bool force)
{
    const QByteArray name = QFile::encodeName(path);
    if (force)
        ::unlink(name.constData());
    const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return errno == EEXIST
            ? error("backup.keyfile.exists",
                    QCoreApplication::translate("art32::backup", "%1 exists already; give --force to replace that key.")
                        .arg(path))
            : error("backup.io", ioError(path));
    QByteArray text = keyToText(key);
    const bool ok = ::fchmod(fd, 0600) == 0 && writeAll(fd, text.constData(), static_cast<std::size_t>(text.size()))
        && ::fsync(fd) == 0;
    sodium_memzero(text.data(), static_cast<std::size_t>(text.size()));
    ::close(fd);
    if (!ok) {
        ::unlink(name.constData());
        return error("backup.io", ioError(path));
    }
    return {};
}

Result<SecureBytes> readKeyFile(const QString& path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT
            ? error("backup.key.missing",
                    QCoreApplication::translate("art32::backup", "There is no key file %1.").arg(path))
            : error("backup.io", ioError(path));
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) != 0 || st.st_uid != ::geteuid()) {
        ::close(fd);
        return error("backup.keyfile.mode",
                     QCoreApplication::translate(
                         "art32::backup",
                         "%1 must be a file of yours that only you can read (chmod 600); refusing a backup key others "
                         "can read.")
                         .arg(path));
    }
    SecureBytes buf(200);
    const ssize_t n = readFull(fd, buf.data(), buf.size());
    ::close(fd);
    if (n < 0)
        return error("backup.io", ioError(path));
    QByteArray text(reinterpret_cast<const char*>(buf.data()), n);
    auto key = keyFromText(text);
    sodium_memzero(text.data(), static_cast<std::size_t>(text.size()));
    return key;
}

QString keychainName(const Profile& profile)
{
    return QStringLiteral("backup-key/%1@%2:%3").arg(profile.database, profile.host, profile.port);
}

void loadKey(const Profile& profile, const QString& explicitFile, const KeychainRead& readKeychain,
             const std::function<void(Result<SecureBytes>)>& done)
{
    if (!explicitFile.isEmpty()) {
        done(readKeyFile(explicitFile));
        return;
    }
    if (!profile.backupKeyFile.isEmpty()) {
        auto key = readKeyFile(profile.backupKeyFile);
        if (!key)
            done(Error { key.error().code,
                         QCoreApplication::translate("art32::backup", "The backup key file of profile %1: %2")
                             .arg(profile.name, key.error().message) });
        else
            done(std::move(key));
        return;
    }
    const QString entry = keychainName(profile);
    readKeychain(entry, [profile, entry, done](Keychain::Reply reply) {
        if (reply.ok()) {
            auto key = keyFromText(reply.secret);
            wipe(reply.secret);
            done(std::move(key));
            return;
        }
        wipe(reply.secret);
        if (reply.status == Keychain::Status::NotFound) {
            done(error("backup.key.missing",
                       QCoreApplication::translate(
                           "art32::backup",
                           "No backup key: the keychain has no entry %1 and profile %2 names no backup key file. "
                           "Create one with `art32ctl backup keygen`, or give a key file (--key-file, or the "
                           "profile's --backup-key-file).")
                           .arg(entry, profile.name)));
            return;
        }
        done(Error {
            keychainError(reply).code,
            QCoreApplication::translate("art32::backup", "The backup key %1 could not be read from the keychain: %2")
                .arg(entry, reply.message) });
    });
}

Result<SecureBytes> loadKey(const Profile& profile, const QString& explicitFile, Keychain& keychain)
{
    std::optional<Result<SecureBytes>> out;
    loadKey(
        profile, explicitFile,
        [&keychain](const QString& entry, const Keychain::Callback& answer) { answer(keychain.readNow(entry)); },
        [&out](Result<SecureBytes> key) { out.emplace(std::move(key)); });
    return std::move(*out);
}

QString phaseText(Phase phase)
{
    switch (phase) {
    case Phase::Restore:
        return QCoreApplication::translate("art32::backup", "Restoring the backup…");
    case Phase::Compare:
        return QCoreApplication::translate("art32::backup", "Comparing the restored tables with the header…");
    case Phase::Reapply:
        break;
    }
    return QCoreApplication::translate("art32::backup", "Re-applying the erasure ledger…");
}

// --- run ----------------------------------------------------------------------------------------------------

Result<TableSums> tableSums(Database& db, const TableSums* like)
{
    return db.run([&](pqxx::connection_base& c) {
        pqxx::read_transaction tx(c);
        return sumsIn(tx, like);
    });
}

Result<RunResult> run(Database& db, const Target& target, const SecureBytes& key, const Progress& progress,
                      const std::atomic_bool* cancel, const SecureBytes* password)
{
    if (key.size() != kKeyBytes)
        return error("backup.key.form",
                     QCoreApplication::translate("art32::backup", "The backup key is not 32 bytes."));
    if (auto d = ensureDir(target.backupDir); !d)
        return d.error();
    // The server's clock names the file and starts its row, to the millisecond: two runs within one second (a
    // timer and a person) must not collide on the catalogue's unique label.
    auto now = db.run([](pqxx::connection_base& c) {
        pqxx::read_transaction tx(c);
        return QDateTime::fromMSecsSinceEpoch(
            static_cast<qint64>(
                tx.exec("SELECT floor(extract(epoch FROM art32.now()) * 1000)::float8")[0][0].as<double>()),
            Qt::UTC);
    });
    if (!now)
        return now.error();
    const QString label = now->toString(QStringLiteral("yyyyMMdd'T'HHmmss.zzz'Z'")) + QStringLiteral(".art32bak");
    const QString finalPath = QDir(target.backupDir).filePath(label);
    const QString tempPath = QDir(target.backupDir).filePath(QStringLiteral(".") + label + QStringLiteral(".partial"));
    // The server takes an absolute path without . or .. ending in the label (0029): it names the directory.
    auto begun = db.call([&](pqxx::connection_base& c) {
        return catalogue::begin(c, label, QDir::cleanPath(QDir(target.backupDir).absoluteFilePath(label)));
    });
    if (!begun)
        return begun.error();

    RunResult out;
    out.catalogueId = begun->id;
    Header& h = out.header;
    h.started = begun->started;
    h.catalogueId = begun->id;
    const bool zstd = target.codec == Target::Codec::Zstd;
    h.formatVersion = zstd ? kFormatVersion : 1;
    h.compressLevel = zstd ? 0 : qBound(0, target.compressLevel, 9);
    if (zstd) {
        h.codec = QStringLiteral("zstd");
        h.codecLevel = qBound(1, target.compressLevel, 19);
    }

    // The ledger anchor the run saw goes into its catalogue row too (0026), failed or not: the file held that much.
    const QString ledgerKeyId = ledger::keyIdHex(key);
    auto anchor = [&] {
        return catalogue::LedgerAnchor { h.ledgerEntries, h.ledgerHead, ledgerKeyId };
    };
    auto failRun = [&](const Error& e) -> Result<RunResult> {
        ::unlink(QFile::encodeName(tempPath).constData());
        // A run its login stopped is cancelled on the record, not failed (0021).
        auto f = db.call([&](pqxx::connection_base& c) {
            return e.code == QLatin1String("interrupted")
                ? catalogue::cancel(c, begun->id, e.message)
                : catalogue::finish(c, begun->id, false, std::nullopt, QString(), {}, e.message, anchor());
        });
        if (!f)
            qCWarning(lcBackup) << "backup: could not record the failure:" << f.error().code;
        return e;
    };

    // The erasure ledger outside the database, brought up to date first: its anchor goes into the header, so a
    // ledger file later cut back before this backup's view of it is caught when this backup is restored.
    auto synced = syncLedger(db, target.backupDir, key);
    if (!synced)
        return failRun(synced.error());
    out.ledgerAdded = synced->added;
    h.ledgerEntries = synced->anchor.entries;
    h.ledgerHead = QString::fromLatin1(synced->anchor.head);

    const int fd = ::open(QFile::encodeName(tempPath).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return failRun(error("backup.io", ioError(tempPath)));

    // The prefix; the header JSON goes into its region at the end.
    unsigned char prefix[kPrefixBytes] {};
    std::memcpy(prefix, kMagic, sizeof kMagic);
    putU16(prefix + 8, static_cast<quint16>(h.formatVersion));
    const QByteArray id = keyId(key);
    std::memcpy(prefix + 16, id.constData(), kKeyIdBytes);
    crypto_secretstream_xchacha20poly1305_state state;
    crypto_secretstream_xchacha20poly1305_init_push(&state, prefix + 32, key.data());
    {
        std::vector<unsigned char> zeros(kHeaderRegion, 0);
        std::memcpy(zeros.data(), prefix, kPrefixBytes);
        if (!writeAll(fd, zeros.data(), zeros.size())) {
            ::close(fd);
            return failRun(error("backup.io", ioError(tempPath)));
        }
    }

    qint64 written = kHeaderRegion;
    Error pumpError;
    std::string dumpErr;
    int dumpExit = -1;
    auto snap = db.call([&](pqxx::connection_base& c) -> Result<TableSums> {
        pqxx::nontransaction tx(c);
        tx.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        const pqxx::result r
            = tx.exec("SELECT pg_catalog.pg_export_snapshot(), current_setting('server_version'), current_database()");
        const QString snapshot = QString::fromStdString(r[0][0].as<std::string>());
        h.serverVersion = QString::fromStdString(r[0][1].as<std::string>());
        h.database = QString::fromStdString(r[0][2].as<std::string>());
        Child dump;
        const QStringList args {
            QStringLiteral("--format=custom"), QStringLiteral("--compress=%1").arg(h.compressLevel),
            QStringLiteral("--no-password"),   QStringLiteral("--snapshot=") + snapshot,
            QStringLiteral("--dbname"),        QString::fromStdString(target.connection.connectionString())
        };
        if (auto s = dump.start(QDir(target.pgBinDir).filePath(QStringLiteral("pg_dump")), args,
                                Child::Pipe::StdoutToUs, password);
            !s) {
            tx.exec("ROLLBACK");
            return s.error();
        }
        // The pump: pg_dump's output, compressed (format 2) and encrypted chunk by chunk, while this thread counts
        // in the same snapshot. Each chunk's plaintext is at most kChunkBytes, as the reader expects.
        std::thread pump([&] {
            std::vector<unsigned char> raw(kChunkBytes);
            std::vector<unsigned char> cipher(kMaxCipherChunk + 4);
            qint64 reported = 0;
            ZstdStream packer(zstd ? ZstdStream::Compress : ZstdStream::None, h.codecLevel, kChunkBytes);
            auto seal = [&](const unsigned char* data, std::size_t n) {
                unsigned long long clen = 0;
                crypto_secretstream_xchacha20poly1305_push(&state, cipher.data() + 4, &clen, data,
                                                           static_cast<unsigned long long>(n), prefix, kBoundBytes,
                                                           crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
                putU32(cipher.data(), static_cast<quint32>(clen));
                if (!writeAll(fd, cipher.data(), static_cast<std::size_t>(clen + 4))) {
                    pumpError = error("backup.io", ioError(tempPath));
                    dump.kill();
                    return false;
                }
                written += static_cast<qint64>(clen + 4);
                if (progress && written - reported >= 8 * kChunkBytes) {
                    reported = written;
                    progress(written);
                }
                return true;
            };
            for (;;) {
                if (cancel && cancel->load()) {
                    dump.kill();
                    pumpError = error("interrupted", QCoreApplication::translate("art32::backup", "Interrupted."));
                    return;
                }
                const ssize_t n = readFull(dump.fd(), raw.data(), raw.size());
                if (n < 0) {
                    pumpError = error("backup.io", ioError(QStringLiteral("pg_dump")));
                    dump.kill();
                    return;
                }
                if (!zstd) {
                    if (n == 0 || !seal(raw.data(), static_cast<std::size_t>(n)))
                        return;
                    continue;
                }
                // zstd fills a chunk at a time; the last read (n == 0) ends the frame and seals what is left.
                if (!packer.feed(raw.data(), static_cast<std::size_t>(n), n == 0, seal)) {
                    if (pumpError.code.isEmpty()) {
                        pumpError = error("backup.compress", packer.failure());
                        dump.kill();
                    }
                    return;
                }
                if (n == 0)
                    return;
            }
        });
        TableSums sums;
        std::string sumError;
        try {
            sums = sumsIn(tx);
        } catch (const std::exception& e) {
            sumError = e.what();
            dump.kill();
        }
        pump.join();
        dumpExit = dump.wait();
        dumpErr = dump.stdErr();
        if (sumError.empty())
            tx.exec("COMMIT");
        else
            return Database::describe(std::runtime_error(sumError));
        return sums;
    });
    if (!snap || !pumpError.code.isEmpty() || dumpExit != 0) {
        ::close(fd);
        // Ctrl+C reaches pg_dump too (one process group): whatever broke first, the run was interrupted.
        if (cancel && cancel->load())
            return failRun(error("interrupted", QCoreApplication::translate("art32::backup", "Interrupted.")));
        if (!pumpError.code.isEmpty())
            return failRun(pumpError);
        if (!snap)
            return failRun(snap.error());
        return failRun(error("backup.dump",
                             QCoreApplication::translate("art32::backup", "pg_dump failed (exit %1): %2")
                                 .arg(dumpExit)
                                 .arg(lastLines(dumpErr))));
    }
    h.tables = snap.value();
    h.finished = QDateTime::currentDateTimeUtc();
    if (h.finished < h.started)
        h.finished = h.started;

    // The last chunk carries the header, authenticated; the plaintext copy goes into the header region.
    const QByteArray json = h.toJson();
    if (json.size() > kHeaderRegion - kPrefixBytes) {
        ::close(fd);
        return failRun(error(
            "backup.format",
            QCoreApplication::translate("art32::backup", "The header is too large (%1 tables).").arg(h.tables.size())));
    }
    std::vector<unsigned char> last(static_cast<std::size_t>(json.size()) + crypto_secretstream_xchacha20poly1305_ABYTES
                                    + 4);
    unsigned long long clen = 0;
    crypto_secretstream_xchacha20poly1305_push(&state, last.data() + 4, &clen,
                                               reinterpret_cast<const unsigned char*>(json.constData()),
                                               static_cast<unsigned long long>(json.size()), prefix, kBoundBytes,
                                               crypto_secretstream_xchacha20poly1305_TAG_FINAL);
    sodium_memzero(&state, sizeof state);
    putU32(last.data(), static_cast<quint32>(clen));
    putU32(prefix + 12, static_cast<quint32>(json.size()));
    const bool ok = writeAll(fd, last.data(), static_cast<std::size_t>(clen + 4))
        && ::pwrite(fd, prefix, kPrefixBytes, 0) == kPrefixBytes
        && ::pwrite(fd, json.constData(), static_cast<std::size_t>(json.size()), kPrefixBytes) == json.size()
        && ::fsync(fd) == 0;
    written += static_cast<qint64>(clen + 4);
    if (::close(fd) != 0 || !ok)
        return failRun(error("backup.io", ioError(tempPath)));
    if (::rename(QFile::encodeName(tempPath).constData(), QFile::encodeName(finalPath).constData()) != 0)
        return failRun(error("backup.io", ioError(finalPath)));
    if (auto s = fsyncDir(target.backupDir); !s)
        return failRun(s.error());
    out.file = finalPath;
    out.sizeBytes = written;
    if (progress)
        progress(written);
    auto f = db.call([&](pqxx::connection_base& c) {
        return catalogue::finish(c, begun->id, true, written, h.serverVersion, h.rowCounts(), QString(), anchor());
    });
    if (!f)
        return f.error();
    return out;
}

namespace {

/** What the catalogue calls a restore of this mode. */
CheckEntry::Kind checkKind(Mode mode)
{
    return mode == Mode::Verify ? CheckEntry::Kind::Verify
        : mode == Mode::Drill   ? CheckEntry::Kind::Drill
                                : CheckEntry::Kind::Restore;
}

/** The newest erasure ledger anchor a restore can know besides its own backup's (0026); entries 0: none. */
struct NewestAnchor
{
    ledger::Anchor anchor;
    QString source; ///< where it comes from, for the refusal: the catalogue row and its login, or the header
};

QString cleanDir(const QString& dir)
{
    return QDir::cleanPath(QDir(dir).absolutePath());
}

/**
 * While the live database is reachable: the longest anchor the catalogue recorded (backup_finish, 0026) for a native
 * backup of this directory under this ledger key, longer than `above`. Other directories and keys have ledgers of
 * their own.
 */
NewestAnchor newestInCatalogue(const QList<BackupEntry>& entries, const QString& backupDir, const QString& keyId,
                               int above)
{
    NewestAnchor out;
    if (backupDir.isEmpty() || keyId.isEmpty())
        return out;
    const QString dir = cleanDir(backupDir);
    for (const BackupEntry& e : entries) {
        if (e.backend != Backend::Native || e.ledgerEntries <= std::max(above, out.anchor.entries)
            || e.ledgerKeyId != keyId || e.file.isEmpty() || QDir::cleanPath(QFileInfo(e.file).absolutePath()) != dir)
            continue;
        out.anchor = { e.ledgerEntries, e.ledgerHead.toLatin1() };
        // Any backup operator's finish records an anchor (0026): the refusal names the row and its login (review 20).
        out.source = QCoreApplication::translate("art32::backup",
                                                 "the anchor the login %1 recorded when it finished backup %2 "
                                                 "(catalogue #%3, its backup.finish event)")
                         .arg(e.recordedBy, e.label)
                         .arg(e.id);
    }
    return out;
}

/**
 * When the live database is gone: the longest anchor, longer than `above`, among the headers of the directory's
 * backups (the one being restored aside) that authenticate under this key. Only a stream's FINAL chunk authenticates
 * its header (docs/FORMAT.md §10), so each candidate is decrypted to its end, restoring nothing; candidates are tried
 * from the longest claimed anchor down and the first that authenticates is the answer (no authentic header after it
 * claims more). A file that does not authenticate (another key, damage, a forged header) is skipped, as if deleted.
 */
Result<NewestAnchor> newestInDirectory(const QString& backupDir, const QString& restoring, int above,
                                       const SecureBytes& key, const std::atomic_bool* cancel)
{
    NewestAnchor out;
    if (backupDir.isEmpty())
        return out;
    const QDir dir(backupDir);
    const QString self = QFileInfo(restoring).canonicalFilePath();
    struct Candidate
    {
        QString path;
        int claimed = 0;
    };
    QList<Candidate> candidates;
    for (const QString& name : dir.entryList({ QStringLiteral("*.art32bak") }, QDir::Files)) {
        const QString path = dir.filePath(name);
        if (QFileInfo(path).canonicalFilePath() == self)
            continue;
        auto h = readHeader(path);
        if (h && h->ledgerEntries > above)
            candidates.append({ path, h->ledgerEntries });
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.claimed > b.claimed; });
    for (const Candidate& c : candidates) {
        Reader r;
        auto header = r.open(c.path, &key);
        if (header) {
            auto end = r.pump([](const unsigned char*, std::size_t) { return true; }, {}, cancel);
            if (end) {
                out.anchor = { header->ledgerEntries, header->ledgerHead.toLatin1() };
                out.source = QCoreApplication::translate("art32::backup", "the authenticated header of the backup %1")
                                 .arg(QFileInfo(c.path).fileName());
                return out;
            }
            if (end.error().code == QLatin1String("interrupted"))
                return end.error();
            header = end.error();
        }
        qCWarning(lcBackup) << "backup: no ledger anchor from" << c.path << header.error().code;
    }
    return out;
}

/** The file against the newest anchor known, when it is newer than the backup's own (checked separately). */
Result<void> checkNewest(const ledger::File& file, const NewestAnchor& newest, const QString& path)
{
    if (newest.anchor.entries <= 0)
        return {};
    return ledger::checkAnchor(file, newest.anchor, path, newest.source);
}

} // namespace

Result<ledger::SyncResult> syncLedger(Database& db, const QString& backupDir, const SecureBytes& key)
{
    if (auto d = ensureDir(backupDir); !d)
        return d.error();
    auto live = db.call([](pqxx::connection_base& c) { return ledger::live(c); });
    if (!live)
        return live.error();
    return ledger::sync(ledger::pathIn(backupDir), key, live.value());
}

Result<ledger::File> checkLedger(Database& db, const QString& backupDir, const SecureBytes& key)
{
    const QString path = ledger::pathIn(backupDir);
    auto file = ledger::read(path, key);
    if (!file)
        return file.error();
    auto snap = db.call([](pqxx::connection_base& c) { return catalogue::read(c); });
    if (!snap)
        return snap.error();
    const NewestAnchor newest = newestInCatalogue(snap->entries, backupDir, ledger::keyIdHex(key), 0);
    if (file->exists) {
        if (auto a = checkNewest(file.value(), newest, path); !a)
            return a.error();
    } else if (newest.anchor.entries > 0) {
        return error("backup.ledger.truncated",
                     QCoreApplication::translate("art32::backup",
                                                 "The erasure ledger %1 is missing, though it held erasures (%2) "
                                                 "when the backup was made.")
                         .arg(path)
                         .arg(newest.anchor.entries));
    }
    return file;
}

Result<QList<qint64>> erasuresToReapply(Database& db, const QString& backupDir, const SecureBytes* key)
{
    auto live = db.call([](pqxx::connection_base& c) { return ledger::live(c); });
    if (!live)
        return live.error();
    QList<ledger::Entry> merged = live.value();
    if (key) {
        const QString path = ledger::pathIn(backupDir);
        // Cut back past a native backup's anchor: refused before the sync would paper over it (0026).
        auto file = checkLedger(db, backupDir, *key);
        if (!file)
            return file.error();
        merged = ledger::merge(live.value(), file->entries);
        if (auto d = ensureDir(backupDir); !d)
            return d.error();
        if (auto s = ledger::sync(path, *key, live.value()); !s)
            return s.error();
    }
    QList<qint64> ids;
    for (const auto& e : merged)
        ids.append(e.accountId);
    return ids;
}

Result<Header> readHeader(const QString& file)
{
    Reader r;
    return r.open(file, nullptr);
}

// --- verify, drill, restore ---------------------------------------------------------------------------------

Result<RestoreResult> restore(Database& db, const Target& target, const QString& file, const SecureBytes& key,
                              const RestoreOptions& options, const Progress& progress, const std::atomic_bool* cancel,
                              const SecureBytes* password)
{
    Reader reader;
    auto header = reader.open(file, &key);
    if (!header)
        return header.error();
    RestoreResult out;
    out.header = header.value();

    // The catalogue's row of this file, when it has one (a copied file verifies too, unrecorded).
    qint64 backupId = 0;
    QList<BackupEntry> catalogued;
    if (options.liveReachable) {
        auto snap = db.call([](pqxx::connection_base& c) { return catalogue::read(c); });
        if (!snap)
            return snap.error();
        catalogued = snap->entries;
        const BackupEntry* named = nullptr;
        for (const BackupEntry& e : snap->entries) {
            if (e.backend == Backend::Native && e.label == labelOf(file))
                named = &e;
        }
        if (named && named->state == BackupState::Complete)
            backupId = named->id;
        // Review 21: the header names the run that wrote it (authenticated with the rest at the final chunk, so an
        // edited id fails there). Another run's file in this one's place (a copy or a symlink by someone who may
        // write the directory) would verify the wrong set under this row: refused before anything is restored, and
        // recorded against the row as a failed check, because the file under its name is not its backup.
        if (named && out.header.catalogueId != 0 && out.header.catalogueId != named->id) {
            const Error wrong = error(
                "backup.mismatch",
                QCoreApplication::translate("art32::backup",
                                            "%1 is not the backup of catalogue #%2 whose name it has: its header says "
                                            "it was written by catalogue #%3 (a file copied or linked into its "
                                            "place). Nothing was restored.")
                    .arg(file)
                    .arg(named->id)
                    .arg(out.header.catalogueId));
            if (backupId > 0) {
                auto check = db.call([&](pqxx::connection_base& c) {
                    return catalogue::checkBegin(c, backupId, checkKind(options.mode));
                });
                if (check) {
                    auto f = db.call([&](pqxx::connection_base& c) {
                        return catalogue::checkFinish(c, check.value(), false, std::nullopt, 0, wrong.message);
                    });
                    if (!f)
                        qCWarning(lcBackup) << "backup: could not record the check:" << f.error().code;
                }
            }
            return wrong;
        }
    }
    // The erasure ledger, read before anything is restored: the live one (when reachable) merged with the file
    // outside the database, which is checked against this backup's anchor and against the newest anchor of the
    // backup directory this restore can know (0026), and then brought up to date.
    QList<catalogue::Erasure> ledger;
    if (!options.noLedger) {
        QList<ledger::Entry> liveEntries;
        if (options.liveReachable) {
            auto l = db.call([](pqxx::connection_base& c) { return catalogue::erasures(c); });
            if (!l)
                return l.error();
            ledger = l.value();
            auto e = db.call([](pqxx::connection_base& c) { return ledger::live(c); });
            if (!e)
                return e.error();
            liveEntries = e.value();
            out.ledgerLive = true;
        }
        // No backup directory and no file named: there is no ledger file to read (never one in the working directory).
        const QString path = !options.ledgerFile.isEmpty() ? options.ledgerFile
            : target.backupDir.isEmpty()                   ? QString()
                                                           : ledger::pathIn(target.backupDir);
        auto f = path.isEmpty() ? Result<ledger::File>(ledger::File {}) : ledger::read(path, key);
        if (!f)
            return f.error();
        // Restoring an older backup, its own anchor would accept a file cut back to just after it: the newest anchor
        // known is the catalogue's while the live database is reachable, else the directory's authenticated headers.
        NewestAnchor newest;
        if (options.liveReachable) {
            newest = newestInCatalogue(catalogued, target.backupDir, ledger::keyIdHex(key), out.header.ledgerEntries);
        } else if (f->exists) {
            auto n = newestInDirectory(target.backupDir, file, out.header.ledgerEntries, key, cancel);
            if (!n)
                return n.error();
            newest = n.value();
        }
        if (f->exists) {
            if (auto a
                = ledger::checkAnchor(f.value(), { out.header.ledgerEntries, out.header.ledgerHead.toLatin1() }, path);
                !a)
                return a.error();
            if (auto a = checkNewest(f.value(), newest, path); !a)
                return a.error();
        } else if (!options.liveReachable) {
            return error("backup.ledger.none",
                         QCoreApplication::translate(
                             "art32::backup",
                             "Neither the live database nor the erasure ledger file %1 can be read, so erasures made "
                             "after this backup cannot be re-applied; give --no-ledger to restore anyway (erased "
                             "accounts may come back), or --ledger FILE for a copy of the ledger.")
                             .arg(path));
        } else if (std::max(out.header.ledgerEntries, newest.anchor.entries) > 0) {
            return error("backup.ledger.truncated",
                         QCoreApplication::translate("art32::backup",
                                                     "The erasure ledger %1 is missing, though it held erasures (%2) "
                                                     "when the backup was made.")
                             .arg(path)
                             .arg(std::max(out.header.ledgerEntries, newest.anchor.entries)));
        }
        QList<ledger::Entry> fileEntries = f->entries;
        if (options.liveReachable && !path.isEmpty() && QFileInfo(path).absoluteDir().exists()) {
            auto s = ledger::sync(path, key, liveEntries);
            if (!s)
                return s.error();
            out.ledgerOnlyInFile = s->onlyInFile;
        }
        out.ledgerFile = f->exists || (options.liveReachable && !path.isEmpty());
        QSet<qint64> inLive;
        for (const auto& e : liveEntries)
            inLive.insert(e.accountId);
        for (const auto& e : fileEntries) {
            if (inLive.contains(e.accountId))
                continue;
            // Known only to the file: re-applied with what the file holds (who erased stays in the audit log).
            ledger.append({ e.accountId, e.erasedAt, QStringLiteral("erasure ledger file"), 0, e.backupsUntil });
            if (!options.liveReachable)
                ++out.ledgerOnlyInFile;
        }
        out.ledgerEntries = static_cast<int>(ledger.size());
    }

    QString target_db = options.mode == Mode::Restore ? options.targetDatabase : scratchName();
    if (options.mode == Mode::Restore) {
        if (target_db.isEmpty())
            return error("args.invalid",
                         QCoreApplication::translate("art32::backup", "Name the database to restore into."));
        if (target_db == db.profile().database)
            return error("backup.target.live",
                         QCoreApplication::translate(
                             "art32::backup",
                             "Refusing to restore over %1, the database this profile uses: restore into another "
                             "database, check it, then point the profile at it.")
                             .arg(target_db));
        auto exists = db.run([&](pqxx::connection_base& c) {
            pqxx::read_transaction tx(c);
            return tx.exec_params("SELECT count(*) FROM pg_catalog.pg_database WHERE datname = $1",
                                  target_db.toStdString())[0][0]
                       .as<int>()
                > 0;
        });
        if (!exists)
            return exists.error();
        if (exists.value()) {
            auto t = connectTo(target.connection, target_db, password);
            if (!t)
                return t.error();
            auto used = t.value()->run([](pqxx::connection_base& c) {
                pqxx::read_transaction tx(c);
                return tx
                    .exec("SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
                          "c.relnamespace WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' "
                          "AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')")[0][0]
                    .as<long long>();
            });
            t.value()->close();
            if (!used)
                return used.error();
            if (used.value() > 0 && !options.force)
                return error("backup.target.not_empty",
                             QCoreApplication::translate("art32::backup",
                                                         "%1 is not empty (%n object(s)); give --force to replace it.",
                                                         nullptr, static_cast<int>(used.value()))
                                 .arg(target_db));
            if (used.value() > 0) {
                if (auto d = exec(db, "DROP DATABASE " + quoteIdent(target_db).toStdString() + " WITH (FORCE)"); !d)
                    return d.error();
            } else {
                if (auto d = exec(db, "DROP DATABASE " + quoteIdent(target_db).toStdString()); !d)
                    return d.error();
            }
        }
    }
    if (auto c = exec(db, "CREATE DATABASE " + quoteIdent(target_db).toStdString() + " TEMPLATE template0"); !c)
        return c.error();
    const bool scratch = options.mode != Mode::Restore;
    auto dropScratch = [&] {
        if (scratch)
            exec(db, "DROP DATABASE IF EXISTS " + quoteIdent(target_db).toStdString() + " WITH (FORCE)");
    };

    const CheckEntry::Kind kind = checkKind(options.mode);
    if (backupId > 0 && options.liveReachable) {
        auto check = db.call([&](pqxx::connection_base& c) { return catalogue::checkBegin(c, backupId, kind); });
        if (!check) {
            dropScratch();
            return check.error();
        }
        out.checkId = check.value();
    }
    auto record = [&](bool ok, const QString& why) {
        if (out.checkId == 0)
            return;
        const std::optional<double> seconds = ok ? std::optional<double>(out.restoreSeconds) : std::nullopt;
        const bool cancelled = !ok && cancel && cancel->load();
        auto f = db.call([&](pqxx::connection_base& c) {
            return cancelled ? catalogue::checkCancel(c, out.checkId, why)
                             : catalogue::checkFinish(c, out.checkId, ok, seconds, out.erasuresReapplied, why);
        });
        if (!f)
            qCWarning(lcBackup) << "backup: could not record the check:" << f.error().code;
    };
    auto failed = [&](const Error& e) -> Result<RestoreResult> {
        dropScratch();
        record(false, e.message);
        return e;
    };

    // Decrypt into pg_restore.
    std::signal(SIGPIPE, SIG_IGN);
    QElapsedTimer timer;
    timer.start();
    Profile targetProfile = target.connection;
    targetProfile.database = target_db;
    Child pgRestore;
    if (auto s
        = pgRestore.start(QDir(target.pgBinDir).filePath(QStringLiteral("pg_restore")),
                          { QStringLiteral("--exit-on-error"), QStringLiteral("--no-password"),
                            QStringLiteral("--dbname"), QString::fromStdString(targetProfile.connectionString()) },
                          Child::Pipe::StdinFromUs, password);
        !s)
        return failed(s.error());
    if (options.phase)
        options.phase(Phase::Restore);
    // Format 2: the stream is zstd's, decompressed on its way in (pg_restore reads an uncompressed archive).
    const bool unzip = out.header.codec == QLatin1String("zstd");
    ZstdStream unpacker(unzip ? ZstdStream::Decompress : ZstdStream::None, 0, kChunkBytes);
    const ZstdStream::Sink toRestore = [&](const unsigned char* data, std::size_t size) {
        return writeAll(pgRestore.fd(), data, size);
    };
    auto pumped = reader.pump(
        [&](const unsigned char* data, std::size_t size) {
            return unzip ? unpacker.feed(data, size, false, toRestore) : toRestore(data, size);
        },
        progress, cancel);
    // Authenticated, so only the key's holder could have made it: a damaged stream is a broken backup program.
    if (unzip && (pumped ? !unpacker.complete() : !unpacker.failure().isEmpty()))
        pumped = error(
            "backup.corrupt",
            QCoreApplication::translate("art32::backup", "%1 decrypts, but its compressed stream is damaged (%2).")
                .arg(file,
                     unpacker.failure().isEmpty()
                         ? QCoreApplication::translate("art32::backup", "it ends inside a frame")
                         : unpacker.failure()));
    if (!pumped)
        pgRestore.kill();
    pgRestore.closeFd();
    const int restoreExit = pgRestore.wait();
    const std::string restoreErr = pgRestore.stdErr();
    out.restoreSeconds = static_cast<double>(timer.elapsed()) / 1000.0;
    if (cancel && cancel->load() && (!pumped || restoreExit != 0))
        return failed(error("interrupted", QCoreApplication::translate("art32::backup", "Interrupted.")));
    if (!pumped)
        return failed(pumped.error());
    if (restoreExit != 0)
        return failed(error("backup.restore",
                            QCoreApplication::translate("art32::backup", "pg_restore failed (exit %1): %2")
                                .arg(restoreExit)
                                .arg(lastLines(restoreErr))));

    auto t = connectTo(target.connection, target_db, password);
    if (!t)
        return failed(t.error());
    Database& restored = *t.value();
    // Compare with the header: every table, its rows and its checksum.
    if (options.phase)
        options.phase(Phase::Compare);
    {
        auto sums = tableSums(restored, &out.header.tables);
        if (!sums) {
            restored.close();
            return failed(sums.error());
        }
        out.restored = sums.value();
        QStringList differ;
        for (auto it = out.header.tables.begin(); it != out.header.tables.end(); ++it) {
            const auto got = out.restored.constFind(it.key());
            if (got == out.restored.constEnd())
                differ << QCoreApplication::translate("art32::backup", "%1 is missing").arg(it.key());
            else if (got->rows != it->rows)
                differ << QCoreApplication::translate("art32::backup", "%1 has %2 rows instead of %3")
                              .arg(it.key())
                              .arg(got->rows)
                              .arg(it->rows);
            else if (got->checksum != it->checksum)
                differ << QCoreApplication::translate("art32::backup", "%1 has other contents").arg(it.key());
        }
        for (auto it = out.restored.begin(); it != out.restored.end(); ++it) {
            if (!out.header.tables.contains(it.key()))
                differ << QCoreApplication::translate("art32::backup", "%1 is not in the header").arg(it.key());
        }
        if (!differ.isEmpty()) {
            restored.close();
            return failed(error(
                "backup.mismatch",
                QCoreApplication::translate("art32::backup", "The restored copy differs from the backup's header: %1.")
                    .arg(differ.join(QStringLiteral("; ")))));
        }
    }
    // Erasures made after the backup stay made.
    if (!ledger.isEmpty()) {
        if (options.phase)
            options.phase(Phase::Reapply);
        std::vector<long long> ids;
        for (const auto& e : ledger)
            ids.push_back(e.accountId);
        std::string arr = "{";
        for (std::size_t i = 0; i < ids.size(); ++i)
            arr += (i ? "," : "") + std::to_string(ids[i]);
        arr += "}";
        auto n = restored.run([&](pqxx::connection_base& c) {
            pqxx::work tx(c);
            const int had
                = tx.exec_params("SELECT count(DISTINCT account_id) FROM ("
                                 "SELECT account_id FROM art32.account_keys WHERE account_id = ANY($1::bigint[]) "
                                 "UNION ALL SELECT account_id FROM art32.records WHERE account_id = ANY($1::bigint[]) "
                                 "UNION ALL SELECT account_id FROM art32.blind_index WHERE account_id = "
                                 "ANY($1::bigint[])) x",
                                 arr)[0][0]
                      .as<int>();
            tx.exec_params("DELETE FROM art32.blind_index WHERE account_id = ANY($1::bigint[])", arr);
            tx.exec_params("DELETE FROM art32.records WHERE account_id = ANY($1::bigint[])", arr);
            tx.exec_params("DELETE FROM art32.account_keys WHERE account_id = ANY($1::bigint[])", arr);
            tx.exec_params("UPDATE art32.accounts SET status = 'erased', version = version + 1 "
                           "WHERE id = ANY($1::bigint[]) AND status <> 'erased'",
                           arr);
            for (const auto& e : ledger)
                tx.exec_params("INSERT INTO art32.erasure_ledger (account_id, erased_at, erased_by, records_deleted, "
                               "backups_until) VALUES ($1, to_timestamp($2), $3, $4, to_timestamp($5)) "
                               "ON CONFLICT (account_id) DO NOTHING",
                               static_cast<long long>(e.accountId),
                               static_cast<double>(e.erasedAt.toMSecsSinceEpoch()) / 1000.0, e.erasedBy.toStdString(),
                               e.recordsDeleted, static_cast<double>(e.backupsUntil.toMSecsSinceEpoch()) / 1000.0);
            tx.commit();
            return had;
        });
        if (!n) {
            restored.close();
            return failed(n.error());
        }
        out.erasuresReapplied = n.value();
    }
    restored.close();
    if (options.mode == Mode::Restore) {
        // Database-level settings are not in a dump: what migration 0009 did to the database, again.
        exec(db, "REVOKE TEMPORARY ON DATABASE " + quoteIdent(target_db).toStdString() + " FROM PUBLIC");
    }
    dropScratch();
    record(true, QString());
    return out;
}

// --- prune --------------------------------------------------------------------------------------------------

Result<PruneResult> prune(Database& db, const QString& backupDir, bool dryRun)
{
    auto snap = db.call([](pqxx::connection_base& c) { return catalogue::read(c); });
    if (!snap)
        return snap.error();
    PruneResult out;
    const QList<BackupEntry> old = pastRetention(snap->entries, snap->serverNow, snap->retentionDays);
    QSet<QString> known;
    for (const BackupEntry& e : snap->entries) {
        if (e.backend == Backend::Native)
            known.insert(e.label);
    }
    const QString dirPath = QDir(backupDir).absolutePath();
    for (const BackupEntry& e : old) {
        if (e.backend != Backend::Native) {
            out.skipped << e.label;
            continue;
        }
        // Only a file of ours, in the backup directory, by its catalogue name: a label with a directory part (a
        // row recorded before 0029, review 20) is not ours to delete, and its row is left as it is.
        const std::optional<QString> inDir = fileIn(e, dirPath);
        if (!inDir) {
            out.skipped << e.label;
            continue;
        }
        const QString path = *inDir;
        if (QFileInfo::exists(path) && !dryRun) {
            if (::unlink(QFile::encodeName(path).constData()) != 0)
                return error("backup.io", ioError(path));
        }
        if (QFileInfo::exists(path) || !dryRun)
            out.deletedFiles << path;
        if (!dryRun) {
            auto m = db.call([&](pqxx::connection_base& c) { return catalogue::markPruned(c, e.id); });
            if (!m)
                return m.error();
        }
        out.prunedEntries << e.id;
    }
    if (!dryRun && !out.deletedFiles.isEmpty())
        fsyncDir(dirPath);
    // Stray files (a copy, a run whose row was never written): by their own header's start.
    const QDateTime limit = snap->serverNow.addDays(-snap->retentionDays);
    const QStringList files = QDir(dirPath).entryList({ QStringLiteral("*.art32bak") }, QDir::Files);
    for (const QString& name : files) {
        if (known.contains(name))
            continue;
        const QString path = QDir(dirPath).filePath(name);
        auto h = readHeader(path);
        if (!h || !(h->started < limit))
            continue;
        if (!dryRun && ::unlink(QFile::encodeName(path).constData()) != 0)
            return error("backup.io", ioError(path));
        out.deletedFiles << path;
    }
    return out;
}

} // namespace art32::backup
