#pragma once

#include <QMetaType>
#include <QString>
#include <QtGlobal>
#include <optional>
#include <utility>

namespace art32 {

/** An error a caller can show: a stable code for tests and logic, and a translated message for people. */
struct Error
{
    QString code;
    QString message;
};

/** A value or an error, never both. Functions that can fail return this instead of sentinel values. */
template<typename T> class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    { }
    Result(Error error)
        : m_error(std::move(error))
    { }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    /** The value; asking an error for its value is a bug (asserts in debug builds). */
    const T& value() const& { return (Q_ASSERT(m_value), *m_value); }
    T& value() & { return (Q_ASSERT(m_value), *m_value); }
    T&& value() && { return (Q_ASSERT(m_value), std::move(*m_value)); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

/** Result of an operation that yields nothing but success. */
template<> class Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_failed(true)
        , m_error(std::move(error))
    { }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return m_error; }

private:
    bool m_failed = false;
    Error m_error;
};

/** Result<T> for a plain T; a Result stays itself, so wrappers that may fail (KeyRing::withKek) never nest. */
template<typename T> struct Flattened
{
    using type = Result<T>;
};
template<typename T> struct Flattened<Result<T>>
{
    using type = Result<T>;
};
template<typename T> using FlattenedResult = typename Flattened<T>::type;

} // namespace art32

Q_DECLARE_METATYPE(art32::Error)
