#include "core/PrivateFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

using namespace art32;

/** PrivateFile: the one way a private file (an audit export, a data subject's export) is written. */
class TestPrivateFile : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    mode_t m_umask = 0;

    static mode_t modeOf(const QString& path)
    {
        struct stat st
        {
        };
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
            return mode_t(-1);
        return st.st_mode & 07777;
    }

    static QByteArray contentOf(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(unreadable)");
    }

    /** Everything in the directory but the files named. */
    QStringList othersIn(const QString& dir, const QStringList& known) const
    {
        QStringList all = QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
        for (const QString& k : known)
            all.removeAll(k);
        return all;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_umask = ::umask(0); // the most permissive umask: 0600 must not depend on it
    }

    void cleanupTestCase() { ::umask(m_umask); }

    void writesAFileOnlyTheUserMayRead()
    {
        const QString path = m_dir.filePath(QStringLiteral("new.json"));
        QString error;
        QVERIFY2(PrivateFile::write(path, QByteArrayLiteral("{\"a\":1}"), &error), qPrintable(error));
        QCOMPARE(modeOf(path), mode_t(0600));
        QCOMPARE(contentOf(path), QByteArrayLiteral("{\"a\":1}"));
        QCOMPARE(othersIn(m_dir.path(), { QStringLiteral("new.json") }), QStringList());
    }

    /** While written, the data is only in a 0600 file of its own; the target appears only once complete. */
    void neverReadableByOthersAndAtomic()
    {
        const QString path = m_dir.filePath(QStringLiteral("export.csv"));
        {
            QFile old(path);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("old export\n");
        }
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
        // Someone kept a hard link to the old, world-readable file: the new content must not reach it.
        const QString link = m_dir.filePath(QStringLiteral("kept-link"));
        QVERIFY(::link(QFile::encodeName(path).constData(), QFile::encodeName(link).constData()) == 0);

        PrivateFile file(path);
        QVERIFY2(file.open(), qPrintable(file.errorString()));
        file.device().write("seq,at\n1,secret\n");
        const QStringList temporaries = othersIn(
            m_dir.path(), { QStringLiteral("export.csv"), QStringLiteral("kept-link"), QStringLiteral("new.json") });
        QCOMPARE(temporaries.size(), 1);
        QVERIFY(temporaries.first().startsWith(QLatin1String(".export.csv.")));
        QCOMPARE(modeOf(m_dir.filePath(temporaries.first())), mode_t(0600));
        QCOMPARE(contentOf(path), QByteArrayLiteral("old export\n")); // not half of the new one
        QVERIFY2(file.commit(), qPrintable(file.errorString()));

        QCOMPARE(modeOf(path), mode_t(0600));
        QCOMPARE(contentOf(path), QByteArrayLiteral("seq,at\n1,secret\n"));
        QCOMPARE(contentOf(link), QByteArrayLiteral("old export\n"));
        QCOMPARE(othersIn(m_dir.path(),
                          { QStringLiteral("export.csv"), QStringLiteral("kept-link"), QStringLiteral("new.json") }),
                 QStringList());
    }

    /** A symlink at the path is replaced, never written through to where it points. */
    void aSymlinkIsReplacedNotFollowed()
    {
        const QString elsewhere = m_dir.filePath(QStringLiteral("elsewhere"));
        {
            QFile f(elsewhere);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("untouched");
        }
        const QString path = m_dir.filePath(QStringLiteral("planted.json"));
        QVERIFY(QFile::link(elsewhere, path));
        QString error;
        QVERIFY2(PrivateFile::write(path, QByteArrayLiteral("private"), &error), qPrintable(error));
        QVERIFY(!QFileInfo(path).isSymLink());
        QCOMPARE(modeOf(path), mode_t(0600));
        QCOMPARE(contentOf(path), QByteArrayLiteral("private"));
        QCOMPARE(contentOf(elsewhere), QByteArrayLiteral("untouched"));
    }

    /** Discarded (a cancelled or failed export) or dropped: no temporary file, the old file as it was. */
    void discardLeavesNothingAndKeepsTheOldFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("kept.json"));
        QString error;
        QVERIFY(PrivateFile::write(path, QByteArrayLiteral("first"), &error));
        const QStringList before = othersIn(m_dir.path(), {});
        {
            PrivateFile file(path);
            QVERIFY(file.open());
            file.device().write("second, half");
            file.discard();
        }
        {
            PrivateFile file(path);
            QVERIFY(file.open());
            file.device().write("third, dropped");
        }
        QCOMPARE(othersIn(m_dir.path(), {}), before);
        QCOMPARE(contentOf(path), QByteArrayLiteral("first"));
        // And a new path that was never committed does not appear at all.
        {
            PrivateFile file(m_dir.filePath(QStringLiteral("never.json")));
            QVERIFY(file.open());
        }
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("never.json"))));
    }

    void aMissingDirectoryIsAnError()
    {
        QString error;
        QVERIFY(!PrivateFile::write(m_dir.filePath(QStringLiteral("no/such/dir.json")), "x", &error));
        QVERIFY(!error.isEmpty());
        PrivateFile file(m_dir.filePath(QStringLiteral("no/dir.csv")));
        QVERIFY(!file.open());
        QVERIFY(!file.errorString().isEmpty());
        QVERIFY(!file.commit());
    }
};

QTEST_GUILESS_MAIN(TestPrivateFile)
#include "tst_privatefile.moc"
