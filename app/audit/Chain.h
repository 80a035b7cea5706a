#pragma once

// The audit log's hash chain (docs/FORMAT.md "Audit chain", migration 0012): the canonical encoding of an event,
// verify (recompute the chain, name the first broken link), and signed checkpoints.
#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <optional>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace art32 {
class Database;
struct Profile;
} // namespace art32

namespace art32::audit {

/** SHA-256 output and Ed25519 sizes. */
constexpr int kHashBytes = 32;
constexpr int kPublicKeyBytes = 32;
constexpr int kSignatureBytes = 64;

/** One event's fields, as the encoding takes them (docs/FORMAT.md). Optional fields: std::nullopt is NULL. */
struct Event
{
    qint64 seq = 0;
    qint64 atMicros = 0; ///< microseconds since 1970-01-01T00:00:00Z
    QString actor;
    QString action;
    std::optional<QString> object;
    QByteArray detail = QByteArrayLiteral("{}"); ///< the jsonb as PostgreSQL writes it (detail::text), UTF-8
    std::optional<qint64> accountId;
    std::optional<QString> tbl;
    std::optional<QString> rowKey;
    std::optional<QStringList> columns;
};

/** The canonical encoding of an event (docs/FORMAT.md): what SQL's art32.audit_encode computes. */
QByteArray encode(const Event& e);
/** SHA-256(prevHash ‖ encoding). */
QByteArray chainHash(const QByteArray& prevHash, const QByteArray& encoding);
/** The prev_hash of event 1: 32 zero bytes. */
QByteArray genesis();

/** A signed (seq, hash, time) of the log: anyone holding it detects a truncated or rewritten tail. */
struct Checkpoint
{
    qint64 seq = 0;
    QByteArray hash; ///< 32 bytes
    QDateTime at; ///< the event's time, UTC
    QString signer; ///< the CTO's login
    QByteArray publicKey; ///< 32 bytes, Ed25519
    QByteArray signature; ///< 64 bytes, Ed25519 over signedText()
};

/** The lines the signature covers (docs/FORMAT.md "Checkpoint notes"). */
QByteArray signedText(const Checkpoint& c);
/** The whole note: signedText() and its signature line. */
QByteArray noteText(const Checkpoint& c);
/**
 * Reads a note and checks its signature against the key it names (audit.checkpoint_invalid when malformed or
 * the signature fails). Whether that key is one a CTO published, verify() checks in the database.
 */
Result<Checkpoint> parseNote(const QByteArray& text);

/** A new Ed25519 key pair: the 64-byte secret key (libsodium's form: seed ‖ public key). */
SecureBytes newSigningKey();
/** The public half of a 64-byte secret key. */
QByteArray publicKeyOf(const SecureBytes& secretKey);
/** The keychain entry holding a profile's checkpoint signing key. */
QString signingKeyEntry(const Profile& profile);

enum class BreakKind {
    None, ///< intact
    EditedRow, ///< a row whose hash does not match its content, or that was rewritten and re-hashed
    MissingRow, ///< a gap in seq, or a prefix gone without a retention anchor
    CheckpointMismatch, ///< the chain is consistent but differs from (or ends before) a signed checkpoint
};
/** "edited_row", …: the names art32.audit_verified takes ("intact" for None). */
QString kindName(BreakKind kind);

struct VerifyReport
{
    qint64 firstSeq = 0; ///< where the check started
    qint64 intactUpTo = 0; ///< the last event that is intact (0: none)
    qint64 checked = 0; ///< events read and checked
    BreakKind kind = BreakKind::None;
    qint64 brokenSeq = 0; ///< the first broken event (0 when intact)
    QString detail; ///< translated: what is wrong there, or what was checked
    // After the contract's fields: the last intact event, which a checkpoint signs.
    QByteArray lastHash;
    QDateTime lastAt;
};

/**
 * Recomputes the chain from fromSeq (or from the checkpoint's seq when that is earlier) to the end, in seq order,
 * streamed with binary COPY, and names the first broken link. The outcome is recorded as an audit event
 * (art32.audit_verified). progress(done, total) now and then; cancel stops it (error "interrupted").
 * Needs an unlocked admin (or a superuser) connection.
 */
Result<VerifyReport> verify(Database& db, qint64 fromSeq, const std::optional<Checkpoint>& checkpoint,
                            const std::function<void(qint64 done, qint64 total)>& progress,
                            const std::atomic_bool* cancel);

/** The events [from, to] as verify reads them: fields, their canonical encoding and stored hashes (tests, tools). */
struct EncodedEvent
{
    qint64 seq = 0;
    QByteArray encoding;
    QByteArray prevHash;
    QByteArray hash;
};
Result<std::vector<EncodedEvent>> readEncoded(pqxx::connection_base& c, qint64 from, qint64 to);

/** Publishes a CTO's checkpoint public key (art32.audit_publish_key; audited). */
Result<void> publishKey(pqxx::connection_base& c, const QByteArray& publicKey);
/**
 * Signs the last event a verify found intact as a checkpoint, and records that it did (art32.audit_checkpointed).
 */
Result<Checkpoint> signCheckpoint(pqxx::connection_base& c, const VerifyReport& intact, const QString& signer,
                                  const SecureBytes& secretKey);

} // namespace art32::audit
