#pragma once

#include <QByteArray>
#include <cstddef>

namespace art32 {

/**
 * Bytes of a secret in memory from sodium_malloc: guard pages around it, kept out of swap where the OS
 * allows, and zeroed when freed. Move-only. The one type that holds passwords and keys in memory.
 */
class SecureBytes
{
public:
    SecureBytes() = default;
    explicit SecureBytes(std::size_t size);
    /** Copies the bytes of a QByteArray (the caller wipes its copy). */
    static SecureBytes fromByteArray(const QByteArray& bytes);
    ~SecureBytes();

    SecureBytes(SecureBytes&& other) noexcept;
    SecureBytes& operator=(SecureBytes&& other) noexcept;
    SecureBytes(const SecureBytes&) = delete;
    SecureBytes& operator=(const SecureBytes&) = delete;

    unsigned char* data() { return m_data; }
    const unsigned char* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    /** A QByteArray view on the bytes, valid while this object lives and is not changed. */
    QByteArray view() const;

    /** Zeroes and frees the bytes now. */
    void clear();

    /** Constant-time comparison. */
    bool equals(const SecureBytes& other) const;

    /** Makes the bytes inaccessible (any access faults) until allowReading(); for keys kept while unused. */
    void forbidAccess();
    /** Readable but not writable (a write faults): keys are only used, never changed, once made. */
    void allowReading();

private:
    unsigned char* m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace art32
