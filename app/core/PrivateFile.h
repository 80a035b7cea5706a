#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

namespace art32 {

/**
 * A file for the user alone (plaintext personal data, audit exports), written atomically. open() creates a new
 * temporary file next to the target, mode 0600 from its creation (whatever the umask, and fchmod'ed again), so no
 * byte is ever in a file others may read; commit() flushes, syncs and renames it over the target, so the target is
 * either the old file or the whole new one, never half of it, and an existing file (world-readable, or a symlink)
 * is replaced, never written through. A PrivateFile destroyed before commit() removes its temporary file.
 */
class PrivateFile
{
public:
    explicit PrivateFile(QString path);
    ~PrivateFile();
    PrivateFile(const PrivateFile&) = delete;
    PrivateFile& operator=(const PrivateFile&) = delete;

    /** Creates the temporary file; false (see errorString()) when the directory does not allow it. */
    bool open();
    /** Where to write between open() and commit(). */
    QIODevice& device() { return m_file; }
    /** Flushes, syncs and renames the temporary file over the target; false (see errorString()) when that fails. */
    bool commit();
    /** Removes the temporary file: the target stays as it was. Also done by the destructor. */
    void discard();
    /** Why open() or commit() failed, in the system's words. */
    QString errorString() const { return m_error; }

    /** The whole of data written to path the same way; false with *error set when it failed. */
    static bool write(const QString& path, const QByteArray& data, QString* error);

private:
    QString m_path;
    QString m_temporary;
    QFile m_file;
    QString m_error;
};

} // namespace art32
