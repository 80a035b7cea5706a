#include "core/PrivateFile.h"

#include <QFileInfo>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace art32 {
namespace {

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

PrivateFile::PrivateFile(QString path)
    : m_path(std::move(path))
{ }

PrivateFile::~PrivateFile()
{
    discard();
}

bool PrivateFile::open()
{
    discard();
    const QFileInfo target(m_path);
    // Hidden, in the target's directory (rename() stays within one file system), unique: mkostemp creates it with
    // O_EXCL and mode 0600, so nobody else can have it open or have planted it.
    QByteArray name
        = QFile::encodeName(target.absolutePath() + QLatin1String("/.") + target.fileName() + QLatin1String(".XXXXXX"));
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0 || ::fchmod(fd, 0600) != 0) {
        m_error = systemError();
        if (fd >= 0) {
            ::close(fd);
            ::unlink(name.constData());
        }
        return false;
    }
    m_temporary = QFile::decodeName(name);
    if (!m_file.open(fd, QIODevice::WriteOnly, QFileDevice::AutoCloseHandle)) {
        m_error = m_file.errorString();
        ::close(fd);
        ::unlink(name.constData());
        m_temporary.clear();
        return false;
    }
    return true;
}

bool PrivateFile::commit()
{
    if (m_temporary.isEmpty() || !m_file.isOpen()) {
        m_error = QStringLiteral("not open");
        return false;
    }
    if (!m_file.flush()) {
        m_error = m_file.errorString();
        discard();
        return false;
    }
    if (::fsync(m_file.handle()) != 0) {
        m_error = systemError();
        discard();
        return false;
    }
    m_file.close();
    if (::rename(QFile::encodeName(m_temporary).constData(), QFile::encodeName(m_path).constData()) != 0) {
        m_error = systemError();
        discard();
        return false;
    }
    m_temporary.clear();
    return true;
}

void PrivateFile::discard()
{
    if (m_file.isOpen())
        m_file.close();
    if (!m_temporary.isEmpty()) {
        ::unlink(QFile::encodeName(m_temporary).constData());
        m_temporary.clear();
    }
}

bool PrivateFile::write(const QString& path, const QByteArray& data, QString* error)
{
    PrivateFile file(path);
    if (!file.open()) {
        *error = file.errorString();
        return false;
    }
    if (file.device().write(data) != data.size()) {
        *error = file.device().errorString();
        return false;
    }
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace art32
