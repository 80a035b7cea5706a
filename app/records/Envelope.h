#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QString>
#include <cstdint>

namespace art32 {

/** What a personal-data record holds; part of its associated data, so a ciphertext cannot change kind. */
enum class RecordKind : std::uint8_t {
    Name = 1,
    Email = 2,
    Phone = 3,
    Address = 4,
    DateOfBirth = 5,
    Notes = 6,
};

/**
 * The versioned envelope of docs/FORMAT.md: format byte, key version, 24-byte random nonce, then
 * XChaCha20-Poly1305 ciphertext and tag. The associated data binds a record to its account, row and kind,
 * and a wrapped account key (DEK) to its account and KEK version, so a ciphertext moved anywhere else fails
 * to open.
 */
namespace envelope {

constexpr std::uint8_t kFormatV1 = 0x01;
constexpr int kHeaderBytes = 1 + 4 + 24;
constexpr int kTagBytes = 16;
constexpr int kNonceBytes = 24;

/**
 * nonce: 24 bytes the caller drew at random (a NoncePool in bulk work, fixed bytes in test vectors only);
 * nullptr draws one from the OS.
 */
QByteArray sealRecord(const SecureBytes& dek, std::uint32_t dekVersion, std::int64_t accountId, std::int64_t recordId,
                      RecordKind kind, const QByteArray& plaintext, const unsigned char* nonce = nullptr);
/** Fails with "envelope.integrity" when anything was changed or the ciphertext belongs elsewhere. */
Result<QByteArray> openRecord(const SecureBytes& dek, std::int64_t accountId, std::int64_t recordId, RecordKind kind,
                              const QByteArray& envelope);

/**
 * The same for bulk scans: decrypts into plain, reusing its buffer, and says whether the record is intact
 * (plain is emptied when not).
 */
bool openRecordInto(const SecureBytes& dek, std::int64_t accountId, std::int64_t recordId, RecordKind kind,
                    const QByteArray& envelope, QByteArray& plain);

QByteArray wrapDek(const SecureBytes& kek, std::uint32_t kekVersion, std::int64_t accountId, const SecureBytes& dek,
                   const unsigned char* nonce = nullptr);
Result<SecureBytes> unwrapDek(const SecureBytes& kek, std::int64_t accountId, const QByteArray& wrapped);
/**
 * The same into a 32-byte buffer the caller reuses: guarded allocations cost system calls (mmap, mlock,
 * mprotect), so bulk work (scans, rotation) keeps one buffer instead of one per account.
 */
Result<void> unwrapDekInto(const SecureBytes& kek, std::int64_t accountId, const QByteArray& wrapped, SecureBytes& dek);

/**
 * Random nonces drawn from the OS many at a time: one getrandom() per nonce cost more than the encryption
 * itself in bulk work (rotation re-wraps a million keys). Each nonce is handed out once.
 */
class NoncePool
{
public:
    explicit NoncePool(int perDraw = 4096);
    const unsigned char* next();

private:
    QByteArray m_bytes;
    int m_perDraw;
    int m_next;
};

/** "This value was changed or belongs elsewhere" (translated), the error of every failed open. */
Error integrityError();

/** The key version in an envelope's header (0 when it is not a v1 envelope). */
std::uint32_t keyVersionOf(const QByteArray& envelope);

/** The normal form that exact search compares: e-mail trimmed and lower-cased; phone as E.164 digits. */
QString normalise(RecordKind kind, const QString& value);
/** Keyed BLAKE2b of the normal form, 16 bytes: equal values match, nothing else can be learnt. */
QByteArray blindIndex(const SecureBytes& indexKey, RecordKind kind, const QString& value);

} // namespace envelope
} // namespace art32
