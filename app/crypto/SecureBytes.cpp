#include "crypto/SecureBytes.h"

#include <new>
#include <sodium.h>
#include <utility>

namespace art32 {

SecureBytes::SecureBytes(std::size_t size)
{
    if (size == 0)
        return;
    if (sodium_init() < 0)
        throw std::bad_alloc();
    m_data = static_cast<unsigned char*>(sodium_malloc(size));
    if (!m_data)
        throw std::bad_alloc();
    m_size = size;
}

SecureBytes SecureBytes::fromByteArray(const QByteArray& bytes)
{
    SecureBytes s(static_cast<std::size_t>(bytes.size()));
    if (!s.isEmpty())
        memcpy(s.m_data, bytes.constData(), s.m_size);
    return s;
}

SecureBytes::~SecureBytes()
{
    clear();
}

SecureBytes::SecureBytes(SecureBytes&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0))
{ }

SecureBytes& SecureBytes::operator=(SecureBytes&& other) noexcept
{
    if (this != &other) {
        clear();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

QByteArray SecureBytes::view() const
{
    return QByteArray::fromRawData(reinterpret_cast<const char*>(m_data), static_cast<qsizetype>(m_size));
}

void SecureBytes::forbidAccess()
{
    if (m_data)
        sodium_mprotect_noaccess(m_data);
}

void SecureBytes::allowReading()
{
    if (m_data)
        sodium_mprotect_readonly(m_data);
}

void SecureBytes::clear()
{
    if (m_data)
        sodium_mprotect_readwrite(m_data); // sodium_free must be able to zero it
    if (m_data)
        sodium_free(m_data); // zeroes before freeing
    m_data = nullptr;
    m_size = 0;
}

bool SecureBytes::equals(const SecureBytes& other) const
{
    if (m_size != other.m_size)
        return false;
    return m_size == 0 || sodium_memcmp(m_data, other.m_data, m_size) == 0;
}

} // namespace art32
