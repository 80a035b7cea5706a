#include "audit/Chain.h"

#include "store/Database.h"
#include "store/PgWire.h"
#include "store/Profile.h"

#include <QCoreApplication>
#include <QList>
#include <QTimeZone>
#include <cstring>
#include <libpq-fe.h>
#include <memory>
#include <openssl/evp.h>
#include <pqxx/binarystring>
#include <pqxx/pqxx>
#include <sodium.h>

namespace art32::audit {
namespace {

/** Microseconds between 1970-01-01 and PostgreSQL's epoch, 2000-01-01 (both UTC). */
constexpr qint64 kPgEpochMicros = 946684800LL * 1000000LL;

void putInt32(QByteArray& out, qint32 v)
{
    const quint32 u = static_cast<quint32>(v);
    const char b[4] = { char(u >> 24), char(u >> 16), char(u >> 8), char(u) };
    out.append(b, 4);
}

void putInt64(char* b, qint64 v)
{
    const quint64 u = static_cast<quint64>(v);
    for (int i = 0; i < 8; ++i)
        b[i] = char(u >> (56 - 8 * i));
}

qint32 getInt32(const char* p)
{
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return static_cast<qint32>((quint32(u[0]) << 24) | (quint32(u[1]) << 16) | (quint32(u[2]) << 8) | quint32(u[3]));
}

qint64 getInt64(const char* p)
{
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    quint64 v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | u[i];
    return static_cast<qint64>(v);
}

void putField(QByteArray& out, const QByteArray* bytes)
{
    if (!bytes) {
        putInt32(out, -1);
        return;
    }
    putInt32(out, static_cast<qint32>(bytes->size()));
    out.append(*bytes);
}

void putInt64Field(QByteArray& out, const std::optional<qint64>& v)
{
    if (!v) {
        putInt32(out, -1);
        return;
    }
    char b[8];
    putInt64(b, *v);
    putInt32(out, 8);
    out.append(b, 8);
}

void putText(QByteArray& out, const std::optional<QString>& s)
{
    if (!s) {
        putInt32(out, -1);
        return;
    }
    const QByteArray utf8 = s->toUtf8();
    putField(out, &utf8);
}

/** SHA-256 through OpenSSL's EVP (SHA-NI where the CPU has it): libsodium's portable code is ~2x slower. */
class Sha256
{
public:
    Sha256()
        : m_ctx(EVP_MD_CTX_new())
    { }
    ~Sha256() { EVP_MD_CTX_free(m_ctx); }
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void begin() { EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr); }
    void add(const char* p, std::size_t n) { EVP_DigestUpdate(m_ctx, p, n); }
    void end(unsigned char* out)
    {
        unsigned int len = 0;
        EVP_DigestFinal_ex(m_ctx, out, &len);
    }

private:
    EVP_MD_CTX* m_ctx;
};

// One row of the binary COPY verify reads: seq, at, actor, action, object, detail, account_id, tbl, row_key,
// columns, prev_hash, hash. Offsets point into the message (libpq's buffer), lengths as COPY gives them
// (-1: NULL).
constexpr int kFields = 12;
struct Tuple
{
    const char* field[kFields];
    qint32 length[kFields];
    const char* begin[kFields]; ///< the field with its length word
};

enum class Parse { Row, End, Bad };

/** Parses one tuple at p (n bytes): a CopyData message holds exactly one (PostgreSQL sends a row per message). */
Parse parseTuple(const char* p, std::size_t n, Tuple& t)
{
    if (n < 2)
        return Parse::Bad;
    const qint16 count
        = static_cast<qint16>((quint16(static_cast<unsigned char>(p[0])) << 8) | static_cast<unsigned char>(p[1]));
    if (count == -1)
        return Parse::End;
    if (count != kFields)
        return Parse::Bad;
    std::size_t at = 2;
    for (int i = 0; i < kFields; ++i) {
        if (at + 4 > n)
            return Parse::Bad;
        t.begin[i] = p + at;
        const qint32 len = getInt32(p + at);
        at += 4;
        t.length[i] = len;
        t.field[i] = p + at;
        if (len > 0) {
            if (at + static_cast<std::size_t>(len) > n)
                return Parse::Bad;
            at += static_cast<std::size_t>(len);
        } else if (len < -1) {
            return Parse::Bad;
        }
    }
    return at == n ? Parse::Row : Parse::Bad;
}

/**
 * Feeds the canonical encoding of a tuple to sink(const char*, size_t), mostly straight from COPY's bytes: both
 * write a field as a 4-byte length (-1: NULL) and its bytes. Only at (PostgreSQL's epoch to Unix), detail (jsonb's
 * version byte) and columns (the array header to a count) differ. False when a field has the wrong shape.
 */
template<typename Sink> bool encodeTuple(const Tuple& t, Sink&& sink, qint64* atMicros = nullptr)
{
    if (t.length[0] != 8 || t.length[1] != 8 || t.length[2] < 0 || t.length[3] < 0 || t.length[5] < 1
        || t.field[5][0] != 1 || (t.length[6] != 8 && t.length[6] != -1) || t.length[10] != kHashBytes
        || t.length[11] != kHashBytes)
        return false;
    sink(t.begin[0], 12); // seq
    char at[12];
    const qint64 micros = getInt64(t.field[1]) + kPgEpochMicros;
    if (atMicros)
        *atMicros = micros;
    std::memcpy(at, t.begin[1], 4);
    putInt64(at + 4, micros);
    sink(at, 12);
    sink(t.begin[2], static_cast<std::size_t>(t.begin[5] - t.begin[2])); // actor, action, object
    char len[4];
    const qint32 detailLength = t.length[5] - 1;
    const quint32 u = static_cast<quint32>(detailLength);
    len[0] = char(u >> 24), len[1] = char(u >> 16), len[2] = char(u >> 8), len[3] = char(u);
    sink(len, 4);
    sink(t.field[5] + 1, static_cast<std::size_t>(detailLength));
    sink(t.begin[6], static_cast<std::size_t>(t.begin[9] - t.begin[6])); // account_id, tbl, row_key
    if (t.length[9] == -1) {
        sink(t.begin[9], 4);
        return true;
    }
    // text[]: ndim, has-nulls, element type, then per dimension its size and lower bound, then the elements.
    if (t.length[9] < 12)
        return false;
    const qint32 ndim = getInt32(t.field[9]);
    qint32 count = 0;
    const char* elements = t.field[9] + 12;
    if (ndim == 1) {
        if (t.length[9] < 20)
            return false;
        count = getInt32(t.field[9] + 12);
        elements = t.field[9] + 20;
    } else if (ndim != 0) {
        return false;
    }
    const std::size_t elementBytes = static_cast<std::size_t>(t.field[9] + t.length[9] - elements);
    char head[8];
    const quint32 total = static_cast<quint32>(4 + elementBytes);
    head[0] = char(total >> 24), head[1] = char(total >> 16), head[2] = char(total >> 8), head[3] = char(total);
    const quint32 c = static_cast<quint32>(count);
    head[4] = char(c >> 24), head[5] = char(c >> 16), head[6] = char(c >> 8), head[7] = char(c);
    sink(head, 8);
    sink(elements, elementBytes);
    return true;
}

const char kCopyHeader[] = "PGCOPY\n\377\r\n";

/** libpqxx 6 has no binary COPY: the connection's libpq handle, which it gives its large objects. */
struct RawConnection : pqxx::largeobject
{
    static PGconn* of(const pqxx::dbtransaction& tx) { return raw_connection(tx); }
};

/**
 * A binary COPY of the log read message by message straight from libpq's buffer. The rows are read through the
 * primary key, in seq order (a sort of a million rows would spill to disk).
 */
class CopyStream
{
public:
    /** Reads in tx, whose planner settings it changes for the rest of it. */
    explicit CopyStream(pqxx::dbtransaction& tx)
        : m_conn(RawConnection::of(tx))
    {
        tx.exec("SET LOCAL enable_sort = off"); // through the primary key, in seq order
    }
    ~CopyStream()
    {
        if (m_buffer)
            PQfreemem(m_buffer);
        if (m_open)
            abort();
    }
    CopyStream(const CopyStream&) = delete;
    CopyStream& operator=(const CopyStream&) = delete;

    /** Starts the COPY of events seq >= from (and <= to); the sequence values are numbers, not text. */
    Result<void> start(qint64 from, qint64 to)
    {
        const QByteArray sql = QByteArrayLiteral("COPY (SELECT seq, at, actor, action, object, detail, account_id, "
                                                 "tbl, row_key, columns, prev_hash, hash FROM art32.audit_events "
                                                 "WHERE seq >= ")
            + QByteArray::number(from) + QByteArrayLiteral(" AND seq <= ") + QByteArray::number(to)
            + QByteArrayLiteral(" ORDER BY seq) TO STDOUT (FORMAT binary)");
        PGresult* r = PQexec(m_conn, sql.constData());
        const bool ok = PQresultStatus(r) == PGRES_COPY_OUT;
        const QString message = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
        const QString state = QString::fromLatin1(PQresultErrorField(r, PG_DIAG_SQLSTATE));
        PQclear(r);
        if (!ok)
            return Error {
                state == QLatin1String("42501") ? QStringLiteral("db.denied") : QStringLiteral("db.error"),
                QCoreApplication::translate("art32::audit", "The audit log could not be read: %1").arg(message)
            };
        m_open = true;
        m_first = true;
        return {};
    }

    /** The next message: true with data; false at the end (then finish()). */
    bool next(const char*& data, std::size_t& size)
    {
        if (m_buffer) {
            PQfreemem(m_buffer);
            m_buffer = nullptr;
        }
        const int n = PQgetCopyData(m_conn, &m_buffer, 0);
        if (n < 0)
            return false;
        data = m_buffer;
        size = static_cast<std::size_t>(n);
        if (m_first) { // the file header precedes the first row
            m_first = false;
            if (size < 19 || std::memcmp(data, kCopyHeader, 11) != 0) {
                size = 0;
                return true;
            }
            const qint32 extension = getInt32(data + 15);
            const std::size_t skip = 19 + static_cast<std::size_t>(std::max(0, extension));
            data += std::min(skip, size);
            size -= std::min(skip, size);
        }
        return true;
    }

    /** Ends the COPY; the server's error if it failed. */
    Result<void> finish()
    {
        m_open = false;
        QString failure;
        QString state;
        while (PGresult* r = PQgetResult(m_conn)) {
            if (PQresultStatus(r) != PGRES_COMMAND_OK && failure.isEmpty()) {
                failure = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
                state = QString::fromLatin1(PQresultErrorField(r, PG_DIAG_SQLSTATE));
            }
            PQclear(r);
        }
        if (!failure.isEmpty())
            return Error {
                state == QLatin1String("57014") ? QStringLiteral("interrupted") : QStringLiteral("db.error"),
                QCoreApplication::translate("art32::audit", "The audit log could not be read: %1").arg(failure)
            };
        return {};
    }

    /** Cancels the COPY on the server and reads what is left. */
    void abort()
    {
        if (PGcancel* cancel = PQgetCancel(m_conn)) {
            char message[256];
            PQcancel(cancel, message, sizeof message);
            PQfreeCancel(cancel);
        }
        const char* data = nullptr;
        std::size_t size = 0;
        while (next(data, size)) { }
        (void)finish();
    }

private:
    PGconn* m_conn;
    char* m_buffer = nullptr;
    bool m_open = false;
    bool m_first = true;
};

} // namespace

QByteArray encode(const Event& e)
{
    QByteArray out;
    putInt64Field(out, e.seq);
    putInt64Field(out, e.atMicros);
    putText(out, e.actor);
    putText(out, e.action);
    putText(out, e.object);
    putField(out, &e.detail);
    putInt64Field(out, e.accountId);
    putText(out, e.tbl);
    putText(out, e.rowKey);
    if (!e.columns) {
        putInt32(out, -1);
    } else {
        QByteArray list;
        putInt32(list, static_cast<qint32>(e.columns->size()));
        for (const QString& c : *e.columns)
            putText(list, c);
        putField(out, &list);
    }
    return out;
}

QByteArray chainHash(const QByteArray& prevHash, const QByteArray& encoding)
{
    Sha256 sha;
    sha.begin();
    sha.add(prevHash.constData(), static_cast<std::size_t>(prevHash.size()));
    sha.add(encoding.constData(), static_cast<std::size_t>(encoding.size()));
    QByteArray out(kHashBytes, Qt::Uninitialized);
    sha.end(reinterpret_cast<unsigned char*>(out.data()));
    return out;
}

QByteArray genesis()
{
    return QByteArray(kHashBytes, '\0');
}

QString kindName(BreakKind kind)
{
    switch (kind) {
    case BreakKind::None:
        return QStringLiteral("intact");
    case BreakKind::EditedRow:
        return QStringLiteral("edited_row");
    case BreakKind::MissingRow:
        return QStringLiteral("missing_row");
    case BreakKind::CheckpointMismatch:
        return QStringLiteral("checkpoint_mismatch");
    }
    return QStringLiteral("intact");
}

// ---- checkpoints ----

static QString isoMillis(const QDateTime& t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

QByteArray signedText(const Checkpoint& c)
{
    QByteArray s;
    s += "art32 audit checkpoint v1\n";
    s += "seq " + QByteArray::number(c.seq) + '\n';
    s += "hash " + c.hash.toHex() + '\n';
    s += "time " + isoMillis(c.at).toLatin1() + '\n';
    s += "signer " + c.signer.toUtf8() + '\n';
    s += "key " + c.publicKey.toHex() + '\n';
    return s;
}

QByteArray noteText(const Checkpoint& c)
{
    return signedText(c) + "signature " + c.signature.toHex() + '\n';
}

Result<Checkpoint> parseNote(const QByteArray& text)
{
    const auto invalid = [](const QString& why) {
        return Error { QStringLiteral("audit.checkpoint_invalid"),
                       QCoreApplication::translate("art32::audit", "This is no valid checkpoint: %1").arg(why) };
    };
    QList<QByteArray> lines = text.split('\n');
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    if (lines.size() != 7 || lines[0] != "art32 audit checkpoint v1")
        return invalid(QCoreApplication::translate(
            "art32::audit", "it does not have the seven lines of an art32 audit checkpoint (v1)."));
    const char* names[] = { "seq ", "hash ", "time ", "signer ", "key ", "signature " };
    QByteArray values[6];
    for (int i = 0; i < 6; ++i) {
        const QByteArray& line = lines[i + 1];
        if (!line.startsWith(names[i]))
            return invalid(QCoreApplication::translate("art32::audit", "line %1 should start with \"%2\".")
                               .arg(i + 2)
                               .arg(QString::fromLatin1(names[i])));
        values[i] = line.mid(static_cast<qsizetype>(std::strlen(names[i])));
    }
    Checkpoint c;
    bool ok = false;
    c.seq = values[0].toLongLong(&ok);
    if (!ok || c.seq < 1)
        return invalid(QCoreApplication::translate("art32::audit", "the seq is no positive number."));
    c.hash = QByteArray::fromHex(values[1]);
    c.publicKey = QByteArray::fromHex(values[4]);
    c.signature = QByteArray::fromHex(values[5]);
    if (c.hash.size() != kHashBytes || values[1].size() != 2 * kHashBytes)
        return invalid(QCoreApplication::translate("art32::audit", "the hash is not 64 hexadecimal digits."));
    if (c.publicKey.size() != kPublicKeyBytes || c.signature.size() != kSignatureBytes)
        return invalid(QCoreApplication::translate("art32::audit", "the key or the signature has the wrong length."));
    c.at = QDateTime::fromString(QString::fromLatin1(values[2]), Qt::ISODateWithMs);
    if (!c.at.isValid())
        return invalid(QCoreApplication::translate("art32::audit", "the time is not an ISO 8601 time."));
    c.signer = QString::fromUtf8(values[3]);
    const QByteArray body = signedText(c);
    // The signature covers the lines exactly as written: the note's own bytes, not a re-rendering of them.
    qsizetype end = 0;
    for (int i = 0; i < 6; ++i)
        end = text.indexOf('\n', end) + 1;
    if (text.left(end) != body)
        return invalid(QCoreApplication::translate("art32::audit", "its lines are not in their canonical form."));
    if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(c.signature.constData()),
                                    reinterpret_cast<const unsigned char*>(body.constData()),
                                    static_cast<unsigned long long>(body.size()),
                                    reinterpret_cast<const unsigned char*>(c.publicKey.constData()))
        != 0)
        return invalid(QCoreApplication::translate("art32::audit", "the signature does not match its text and key."));
    return c;
}

SecureBytes newSigningKey()
{
    SecureBytes secret(crypto_sign_SECRETKEYBYTES);
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_keypair(pk, secret.data());
    return secret;
}

QByteArray publicKeyOf(const SecureBytes& secretKey)
{
    if (secretKey.size() != crypto_sign_SECRETKEYBYTES)
        return {};
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(pk, secretKey.data());
    return QByteArray(reinterpret_cast<const char*>(pk), sizeof pk);
}

QString signingKeyEntry(const Profile& profile)
{
    return QStringLiteral("profile/%1/audit-ed25519").arg(profile.name);
}

Result<void> publishKey(pqxx::connection_base& c, const QByteArray& publicKey)
{
    return Database::guarded([&]() -> Result<void> {
        pqxx::work tx(c);
        tx.exec_params("SELECT art32.audit_publish_key($1)", pgwire::param(publicKey));
        tx.commit();
        return {};
    });
}

Result<Checkpoint> signCheckpoint(pqxx::connection_base& c, const VerifyReport& intact, const QString& signer,
                                  const SecureBytes& secretKey)
{
    if (intact.kind != BreakKind::None || intact.intactUpTo < 1 || intact.lastHash.size() != kHashBytes)
        return Error { QStringLiteral("audit.broken"),
                       QCoreApplication::translate("art32::audit", "Only an intact chain can be checkpointed.") };
    if (secretKey.size() != crypto_sign_SECRETKEYBYTES)
        return Error { QStringLiteral("keys.mismatch"),
                       QCoreApplication::translate("art32::audit", "The checkpoint signing key has the wrong size.") };
    Checkpoint cp;
    cp.seq = intact.intactUpTo;
    cp.hash = intact.lastHash;
    cp.at = intact.lastAt.toUTC();
    cp.signer = signer;
    cp.publicKey = publicKeyOf(secretKey);
    const QByteArray body = signedText(cp);
    cp.signature.resize(kSignatureBytes);
    crypto_sign_detached(reinterpret_cast<unsigned char*>(cp.signature.data()), nullptr,
                         reinterpret_cast<const unsigned char*>(body.constData()),
                         static_cast<unsigned long long>(body.size()), secretKey.data());
    auto recorded = Database::guarded([&]() -> Result<void> {
        pqxx::work tx(c);
        tx.exec_params("SELECT art32.audit_checkpointed($1, $2)", static_cast<long long>(cp.seq),
                       pgwire::param(cp.hash));
        tx.commit();
        return {};
    });
    if (!recorded)
        return recorded.error();
    return cp;
}

// ---- verify ----

namespace {

struct Bounds
{
    qint64 first = 0, last = 0;
    std::optional<QByteArray> anchorPrev; ///< the anchor's prev_hash when `first` is an anchor
};

Result<Bounds> bounds(pqxx::connection_base& c)
{
    return Database::guarded([&]() -> Result<Bounds> {
        pqxx::nontransaction tx(c);
        const pqxx::result r = tx.exec("SELECT coalesce(min(seq), 0), coalesce(max(seq), 0) FROM art32.audit_events");
        Bounds b;
        b.first = r[0][0].as<long long>();
        b.last = r[0][1].as<long long>();
        // An anchor counts only with the retention event that recorded it (in the chain, so verify covers it).
        const pqxx::result a = tx.exec_params(
            "SELECT a.prev_hash FROM art32.audit_anchors a WHERE a.first_seq = $1 AND EXISTS (SELECT 1 FROM "
            "art32.audit_events e WHERE e.action = 'audit.retention' AND e.seq >= a.first_seq AND e.object = "
            "a.first_seq::text AND e.detail ->> 'anchor_prev_hash' = encode(a.prev_hash, 'hex'))",
            static_cast<long long>(b.first));
        if (!a.empty())
            b.anchorPrev = pgwire::bytes(a[0][0]);
        return b;
    });
}

Result<void> checkPublished(pqxx::connection_base& c, const Checkpoint& cp, qint64 lastSeq)
{
    return Database::guarded([&]() -> Result<void> {
        pqxx::nontransaction tx(c);
        // A key counts only with the chain's event of its publication by that login, at or before the checkpoint.
        // When the log ends before the checkpoint, the tail that held that event may be what was cut: the
        // published key then suffices, and verify reports the cut tail (a break either way).
        const pqxx::result r = tx.exec_params(
            "SELECT k.login FROM art32.audit_signing_keys k WHERE k.public_key = $1 AND ($3 OR EXISTS (SELECT 1 FROM "
            "art32.audit_events e WHERE e.action = 'audit.key_published' AND e.actor = k.login AND e.seq <= $2 AND "
            "e.detail ->> 'public_key' = encode(k.public_key, 'hex')))",
            pgwire::param(cp.publicKey), static_cast<long long>(cp.seq), lastSeq < cp.seq);
        if (r.empty())
            return Error { QStringLiteral("audit.checkpoint_invalid"),
                           QCoreApplication::translate(
                               "art32::audit",
                               "The checkpoint is signed with a key no CTO published in this database.") };
        if (QString::fromUtf8(r[0][0].c_str()) != cp.signer)
            return Error { QStringLiteral("audit.checkpoint_invalid"),
                           QCoreApplication::translate(
                               "art32::audit", "The checkpoint names %1 as its signer, but %2 published its key.")
                               .arg(cp.signer, QString::fromUtf8(r[0][0].c_str())) };
        return {};
    });
}

Result<void> record(pqxx::connection_base& c, qint64 from, const VerifyReport& r, const std::optional<Checkpoint>& cp)
{
    return Database::guarded([&]() -> Result<void> {
        pqxx::work tx(c);
        tx.exec_params("SELECT art32.audit_verified($1, $2, $3, $4, NULLIF($5, 0), NULLIF($6, 0))",
                       static_cast<long long>(from), static_cast<long long>(r.checked),
                       static_cast<long long>(r.intactUpTo), kindName(r.kind).toStdString(),
                       static_cast<long long>(r.brokenSeq), static_cast<long long>(cp ? cp.value().seq : 0));
        tx.commit();
        return {};
    });
}

} // namespace

Result<VerifyReport> verify(Database& db, qint64 fromSeq, const std::optional<Checkpoint>& checkpoint,
                            const std::function<void(qint64 done, qint64 total)>& progress,
                            const std::atomic_bool* cancel)
{
    return db.call([&](pqxx::connection_base& c) -> Result<VerifyReport> {
        auto b = bounds(c);
        if (!b)
            return b.error();
        if (checkpoint) {
            if (auto published = checkPublished(c, *checkpoint, b->last); !published)
                return published.error();
        }
        VerifyReport report;
        qint64 start = std::max<qint64>(1, fromSeq);
        if (checkpoint && checkpoint->seq < start)
            start = checkpoint->seq;
        if (start < b->first)
            start = b->first;
        report.firstSeq = start;
        const auto finish = [&]() -> Result<VerifyReport> {
            if (auto recorded = record(c, fromSeq, report, checkpoint); !recorded)
                return recorded.error();
            return report;
        };
        const auto broken = [&](BreakKind kind, qint64 seq, const QString& detail) {
            report.kind = kind;
            report.brokenSeq = seq;
            report.detail = detail;
        };
        if (b->last == 0) {
            report.detail = QCoreApplication::translate("art32::audit", "The audit log is empty.");
            return finish();
        }
        // Where the chain starts: event 1 links to the genesis, the first event after a retention cut to its
        // anchor; a check that starts later takes the first event's link on trust.
        std::optional<QByteArray> expectedPrev;
        if (start == b->first) {
            if (b->first == 1)
                expectedPrev = genesis();
            else if (b->anchorPrev)
                expectedPrev = *b->anchorPrev;
            else {
                broken(BreakKind::MissingRow, 1,
                       QCoreApplication::translate(
                           "art32::audit", "Events 1 to %1 are missing, and no retention anchor records their removal.")
                           .arg(b->first - 1));
                return finish();
            }
        }
        const qint64 total = b->last - start + 1;
        auto tx = std::make_unique<pqxx::work>(c);
        CopyStream copy(*tx);
        if (auto started = copy.start(start, b->last); !started)
            return started.error();
        Sha256 sha;
        unsigned char digest[kHashBytes];
        qint64 expectedSeq = start;
        QByteArray prev; // the previous event's hash
        if (expectedPrev)
            prev = *expectedPrev;
        qint64 lastMicros = 0;
        const char* data = nullptr;
        std::size_t size = 0;
        Tuple t {};
        bool ended = false;
        const auto sink = [&](const char* p, std::size_t n) {
            sha.add(p, n);
        };
        while (copy.next(data, size)) {
            if (size == 0)
                continue;
            const Parse parsed = parseTuple(data, size, t);
            if (parsed == Parse::End) {
                ended = true;
                continue;
            }
            if (parsed == Parse::Bad)
                return Error { QStringLiteral("db.error"),
                               QCoreApplication::translate(
                                   "art32::audit", "The audit log came in a form this program does not read.") };
            const qint64 seq = getInt64(t.field[0]);
            if (seq != expectedSeq) {
                broken(BreakKind::MissingRow, expectedSeq,
                       seq == expectedSeq + 1
                           ? QCoreApplication::translate("art32::audit", "Event %1 is missing.").arg(expectedSeq)
                           : QCoreApplication::translate("art32::audit", "Events %1 to %2 are missing.")
                                 .arg(expectedSeq)
                                 .arg(seq - 1));
                break;
            }
            sha.begin();
            sha.add(t.field[10], kHashBytes);
            if (!encodeTuple(t, sink, &lastMicros))
                return Error {
                    QStringLiteral("db.error"),
                    QCoreApplication::translate("art32::audit", "Event %1 has fields of the wrong shape.").arg(seq)
                };
            sha.end(digest);
            if (std::memcmp(digest, t.field[11], kHashBytes) != 0) {
                broken(BreakKind::EditedRow, seq,
                       QCoreApplication::translate(
                           "art32::audit",
                           "Event %1 was changed after it was written: its hash does not match its content.")
                           .arg(seq));
                break;
            }
            if (seq > start || expectedPrev) {
                if (std::memcmp(prev.constData(), t.field[10], kHashBytes) != 0) {
                    if (seq == start) // the first event's link: to the genesis or the retention anchor
                        broken(BreakKind::EditedRow, seq,
                               QCoreApplication::translate("art32::audit",
                                                           "Event %1 does not link to the start of the chain.")
                                   .arg(seq));
                    else
                        broken(BreakKind::EditedRow, seq - 1,
                               QCoreApplication::translate(
                                   "art32::audit",
                                   "Event %1 was rewritten and re-hashed: event %2 links to a different hash.")
                                   .arg(seq - 1)
                                   .arg(seq));
                    report.intactUpTo = std::max<qint64>(0, seq - 2 >= start ? seq - 2 : 0);
                    break;
                }
            }
            prev = QByteArray(t.field[11], kHashBytes);
            if (checkpoint && seq == checkpoint->seq && prev != checkpoint->hash) {
                broken(BreakKind::CheckpointMismatch, seq,
                       QCoreApplication::translate(
                           "art32::audit",
                           "Event %1 differs from the signed checkpoint of %2: the log was rewritten from there or "
                           "before, and re-hashed.")
                           .arg(seq)
                           .arg(checkpoint->signer));
                break;
            }
            report.intactUpTo = seq;
            report.lastHash = prev;
            report.lastAt = QDateTime::fromMSecsSinceEpoch(lastMicros / 1000, QTimeZone::utc());
            ++report.checked;
            ++expectedSeq;
            if ((report.checked & 0x3fff) == 0) {
                if (cancel && cancel->load()) {
                    copy.abort();
                    tx.reset();
                    return Error { QStringLiteral("interrupted"),
                                   QCoreApplication::translate("art32::audit", "The chain check was cancelled.") };
                }
                if (progress)
                    progress(report.checked, total);
            }
        }
        if (report.kind != BreakKind::None) {
            copy.abort();
            tx.reset(); // rolled back: it only read
            return finish();
        }
        if (auto done = copy.finish(); !done)
            return done.error();
        tx->commit();
        tx.reset();
        if (!ended)
            return Error { QStringLiteral("db.lost"),
                           QCoreApplication::translate("art32::audit", "The audit log stopped before its end.") };
        if (progress)
            progress(report.checked, total);
        if (checkpoint && checkpoint->seq > report.intactUpTo) {
            broken(BreakKind::CheckpointMismatch, report.intactUpTo + 1,
                   QCoreApplication::translate(
                       "art32::audit",
                       "The signed checkpoint of %1 covers events up to %2, but the log ends at %3: its tail was cut.")
                       .arg(checkpoint->signer)
                       .arg(checkpoint->seq)
                       .arg(report.intactUpTo));
            return finish();
        }
        report.detail = checkpoint
            ? QCoreApplication::translate("art32::audit", "Events %1 to %2 are intact and match the checkpoint at %3.")
                  .arg(start)
                  .arg(report.intactUpTo)
                  .arg(checkpoint->seq)
            : QCoreApplication::translate("art32::audit", "Events %1 to %2 are intact.")
                  .arg(start)
                  .arg(report.intactUpTo);
        return finish();
    });
}

Result<std::vector<EncodedEvent>> readEncoded(pqxx::connection_base& c, qint64 from, qint64 to)
{
    return Database::guarded([&]() -> Result<std::vector<EncodedEvent>> {
        pqxx::work tx(c);
        CopyStream copy(tx);
        if (auto started = copy.start(from, to); !started)
            return started.error();
        std::vector<EncodedEvent> out;
        const char* data = nullptr;
        std::size_t size = 0;
        Tuple t {};
        while (copy.next(data, size)) {
            if (size == 0 || parseTuple(data, size, t) != Parse::Row)
                continue;
            EncodedEvent e;
            e.seq = getInt64(t.field[0]);
            if (!encodeTuple(t, [&](const char* p, std::size_t n) { e.encoding.append(p, static_cast<qsizetype>(n)); }))
                return Error {
                    QStringLiteral("db.error"),
                    QCoreApplication::translate("art32::audit", "Event %1 has fields of the wrong shape.").arg(e.seq)
                };
            e.prevHash = QByteArray(t.field[10], kHashBytes);
            e.hash = QByteArray(t.field[11], kHashBytes);
            out.push_back(std::move(e));
        }
        if (auto done = copy.finish(); !done)
            return done.error();
        tx.commit();
        return out;
    });
}

} // namespace art32::audit
