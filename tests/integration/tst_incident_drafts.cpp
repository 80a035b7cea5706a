#include "TestSupport.h"
#include "core/Settings.h"
#include "core/Translations.h"
#include "core/Versions.h"
#include "incidents/Drafts.h"
#include "keychain/Keychain.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <sodium.h>
#include <sys/stat.h>

using namespace art32;
using namespace art32::incidents;

/**
 * Incident drafts on disk (docs/FORMAT.md §14): a round trip, a flipped byte anywhere, another key, a cut file, a
 * draft moved to another incident, atomic replacement; and the draft key from the real Secret Service, which never
 * reaches a file (the test's whole HOME and QSettings are searched for its bytes).
 */
class TestIncidentDrafts : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    Keychain m_keychain { QStringLiteral("Art32 Console drafts test %1").arg(QUuid::createUuid().toString()) };

    static SecureBytes randomKey()
    {
        SecureBytes key(drafts::kKeyBytes);
        randombytes_buf(key.data(), key.size());
        return key;
    }

    static Draft sample(const QString& incident = QStringLiteral("42"))
    {
        Draft d;
        d.incident = incident;
        d.baseVersion = 3;
        d.savedAt = QDateTime::fromString(QStringLiteral("2026-12-02T10:42:07.123Z"), Qt::ISODateWithMs);
        d.fields = QJsonObject { { QStringLiteral("q5_description"), QStringLiteral("bucket listed für alle\nline 2") },
                                 { QStringLiteral("q6_records_min"), 10 },
                                 { QStringLiteral("q4_started_at"), QStringLiteral("yesterday") }, // not valid yet
                                 { QStringLiteral("q5_nature"), QJsonArray { QStringLiteral("read") } },
                                 { QStringLiteral("assignee"), QJsonValue() } }; // cleared
        return d;
    }

    static void flip(const QString& path, qsizetype at)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray bytes = f.readAll();
        bytes[at] = char(bytes[at] ^ 0x01);
        f.seek(0);
        f.write(bytes);
    }

    static QByteArray contents(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    /** A rejected draft's file: gone from its place, kept next to it as *.rejected-*. */
    static void checkSetAside(const DraftStore& store, const QString& incident, const Error& error)
    {
        QVERIFY(!QFile::exists(store.pathFor(incident)));
        const QStringList aside
            = QDir(store.directory()).entryList({ incident + QStringLiteral(".draft.rejected-*") }, QDir::Files);
        QCOMPARE(aside.size(), 1);
        QVERIFY2(error.message.contains(aside.first()), qPrintable(error.message));
        QVERIFY(!store.pending().contains(incident));
        QFile::remove(store.directory() + QLatin1Char('/') + aside.first());
    }

    Result<std::shared_ptr<SecureBytes>> obtain(const QString& profile)
    {
        std::optional<Result<std::shared_ptr<SecureBytes>>> got;
        obtainDraftKey(m_keychain, profile, this, [&](Result<std::shared_ptr<SecureBytes>> r) { got = std::move(r); });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 30000);
        }();
        return got ? *got : Result<std::shared_ptr<SecureBytes>>(Error { QStringLiteral("timeout"), {} });
    }

private slots:
    void initTestCase()
    {
        setApplicationIdentity(); // the console's own folders and QSettings file
        QLocale::setDefault(QLocale::c());
        applyLanguage(QStringLiteral("en"));
        QVERIFY(sodium_init() >= 0);
    }

    void roundTrip()
    {
        const DraftStore store(QStringLiteral("rt profile/../x"), m_dir.filePath(QStringLiteral("rt")));
        const SecureBytes key = randomKey();
        const Draft d = sample();
        QVERIFY(store.write(d, key));
        // One folder per profile whatever its name; 0600 in 0700.
        QVERIFY(QFileInfo(store.directory()).dir().absolutePath()
                == QFileInfo(m_dir.filePath(QStringLiteral("rt"))).absoluteFilePath());
        struct stat st;
        QCOMPARE(::stat(QFile::encodeName(store.pathFor(QStringLiteral("42"))).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
        QCOMPARE(::stat(QFile::encodeName(store.directory()).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0700u);
        QCOMPARE(::stat(QFile::encodeName(m_dir.filePath(QStringLiteral("rt"))).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0700u);
        // Nothing of the input is readable in the file.
        const QByteArray bytes = contents(store.pathFor(QStringLiteral("42")));
        QVERIFY(!bytes.contains("bucket"));
        QVERIFY(!bytes.contains("q5_description"));
        QVERIFY(bytes.startsWith("A32DRAFT"));
        QCOMPARE(store.pending(), QStringList { QStringLiteral("42") });

        const auto read = store.read(QStringLiteral("42"), key);
        QVERIFY2(read, qPrintable(read.error().message));
        QVERIFY(read.value().has_value());
        QCOMPARE(read.value()->incident, d.incident);
        QCOMPARE(read.value()->baseVersion, 3);
        QCOMPARE(read.value()->savedAt, d.savedAt);
        QCOMPARE(read.value()->fields, d.fields);
        QCOMPARE(read.value()->id(), 42);

        // A new incident's title: "new".
        Draft fresh;
        fresh.incident = Draft::nameFor(0);
        fresh.savedAt = QDateTime::currentDateTimeUtc();
        fresh.fields = QJsonObject { { QStringLiteral("title"), QStringLiteral("Laptop lost") } };
        QVERIFY(store.write(fresh, key));
        QCOMPARE(store.read(QStringLiteral("new"), key).value()->fields, fresh.fields);
        QCOMPARE(store.read(QStringLiteral("new"), key).value()->id(), 0);

        // The size shows the input only in blocks of 256 bytes.
        Draft small = d;
        small.fields = QJsonObject { { QStringLiteral("title"), QStringLiteral("a") } };
        Draft longer = small;
        longer.fields = QJsonObject { { QStringLiteral("title"), QString(60, QLatin1Char('a')) } };
        QCOMPARE(drafts::seal(small, key, QStringLiteral("p")).size(),
                 drafts::seal(longer, key, QStringLiteral("p")).size());
        // A fresh nonce each time.
        QVERIFY(drafts::seal(d, key, QStringLiteral("p")) != drafts::seal(d, key, QStringLiteral("p")));

        QVERIFY(store.remove(QStringLiteral("42")));
        QVERIFY(!QFile::exists(store.pathFor(QStringLiteral("42"))));
        QVERIFY(store.read(QStringLiteral("42"), key).value() == std::nullopt);
        QVERIFY(store.remove(QStringLiteral("42"))); // nothing left is fine
    }

    void everyFlippedByteIsRefused()
    {
        const SecureBytes key = randomKey();
        const QByteArray sealed = drafts::seal(sample(), key, QStringLiteral("p"));
        for (qsizetype at = 0; at < sealed.size(); ++at) {
            QByteArray bad = sealed;
            bad[at] = char(bad[at] ^ 0x01);
            const auto opened = drafts::open(bad, key, QStringLiteral("p"), QStringLiteral("42"));
            QVERIFY2(!opened, qPrintable(QStringLiteral("byte %1 flipped, still opened").arg(at)));
            QVERIFY(!opened.error().message.isEmpty());
        }
        // After the header (magic, version, key id), a flip is an integrity failure, said as such.
        QByteArray bad = sealed;
        bad[sealed.size() - 20] = char(bad[sealed.size() - 20] ^ 0x80);
        QCOMPARE(drafts::open(bad, key, QStringLiteral("p"), QStringLiteral("42")).error().code,
                 QStringLiteral("draft.tampered"));
        // Bound to profile and incident: the same bytes under another name fail too.
        QVERIFY(drafts::open(sealed, key, QStringLiteral("p"), QStringLiteral("42")));
        QCOMPARE(drafts::open(sealed, key, QStringLiteral("q"), QStringLiteral("42")).error().code,
                 QStringLiteral("draft.tampered"));
        QCOMPARE(drafts::open(sealed, key, QStringLiteral("p"), QStringLiteral("43")).error().code,
                 QStringLiteral("draft.tampered"));
    }

    void tamperedFileIsSetAsideNotLoaded()
    {
        const DraftStore store(QStringLiteral("tamper"), m_dir.filePath(QStringLiteral("tamper")));
        const SecureBytes key = randomKey();
        QVERIFY(store.write(sample(), key));
        const QString path = store.pathFor(QStringLiteral("42"));
        flip(path, QFileInfo(path).size() / 2);
        const auto read = store.read(QStringLiteral("42"), key);
        QVERIFY(!read);
        QCOMPARE(read.error().code, QStringLiteral("draft.tampered"));
        QVERIFY2(read.error().message.contains(QLatin1String("integrity check")), qPrintable(read.error().message));
        checkSetAside(store, QStringLiteral("42"), read.error());
        // The next read finds nothing; a new draft can be written in its place.
        QVERIFY(store.read(QStringLiteral("42"), key).value() == std::nullopt);
        QVERIFY(store.write(sample(), key));
        QVERIFY(store.read(QStringLiteral("42"), key).value().has_value());

        // Moved over another incident's draft: refused too.
        QVERIFY(QFile::copy(path, store.pathFor(QStringLiteral("43"))));
        const auto moved = store.read(QStringLiteral("43"), key);
        QCOMPARE(moved.error().code, QStringLiteral("draft.tampered"));
        checkSetAside(store, QStringLiteral("43"), moved.error());
    }

    void wrongKeyIsSaidAndSetAside()
    {
        const DraftStore store(QStringLiteral("wrongkey"), m_dir.filePath(QStringLiteral("wrongkey")));
        QVERIFY(store.write(sample(), randomKey()));
        const auto read = store.read(QStringLiteral("42"), randomKey());
        QVERIFY(!read);
        QCOMPARE(read.error().code, QStringLiteral("draft.wrong_key"));
        QVERIFY2(read.error().message.contains(QLatin1String("another draft key")), qPrintable(read.error().message));
        checkSetAside(store, QStringLiteral("42"), read.error());
    }

    void truncatedFileIsSaidAndSetAside()
    {
        const DraftStore store(QStringLiteral("cut"), m_dir.filePath(QStringLiteral("cut")));
        const SecureBytes key = randomKey();
        const QString path = store.pathFor(QStringLiteral("42"));
        for (const qsizetype keep : { qsizetype(0), qsizetype(20), qsizetype(100), qsizetype(-1) }) {
            QVERIFY(store.write(sample(), key));
            QFile f(path);
            const qint64 size = f.size();
            QVERIFY(f.resize(keep < 0 ? size + keep : keep));
            const auto read = store.read(QStringLiteral("42"), key);
            QVERIFY(!read);
            QCOMPARE(read.error().code, QStringLiteral("draft.truncated"));
            QVERIFY2(read.error().message.contains(QLatin1String("cut short")), qPrintable(read.error().message));
            checkSetAside(store, QStringLiteral("42"), read.error());
        }
        // Not a draft at all.
        QFile junk(path);
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(400, 'x'));
        junk.close();
        const auto read = store.read(QStringLiteral("42"), key);
        QCOMPARE(read.error().code, QStringLiteral("draft.format"));
        checkSetAside(store, QStringLiteral("42"), read.error());
    }

    void replacementIsAtomic()
    {
        const DraftStore store(QStringLiteral("atomic"), m_dir.filePath(QStringLiteral("atomic")));
        const SecureBytes key = randomKey();
        Draft first = sample();
        QVERIFY(store.write(first, key));
        const QString path = store.pathFor(QStringLiteral("42"));
        struct stat before;
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &before), 0);

        // A writer that dies half-way (what QSaveFile leaves behind when the process is killed before commit()):
        // the draft under the real name is the old one, whole; a leftover temporary file is never taken for a draft.
        {
            QSaveFile half(path);
            QVERIFY(half.open(QIODevice::WriteOnly));
            half.write(drafts::seal(sample(), key, QStringLiteral("atomic")).left(100));
            half.flush();
            const auto during = store.read(QStringLiteral("42"), key);
            QVERIFY2(during && during.value(), during ? "" : qPrintable(during.error().message));
            QCOMPARE(during.value()->fields, first.fields);
            // Qt writes the new one as an unnamed O_TMPFILE on Linux, or as a temporary name elsewhere: never the
            // draft's own name until commit().
            QCOMPARE(store.pending(), QStringList { QStringLiteral("42") });
            half.cancelWriting();
        }
        QFile stray(path + QStringLiteral(".Xy12ab"));
        QVERIFY(stray.open(QIODevice::WriteOnly));
        stray.write("partial");
        stray.close();
        QCOMPARE(store.pending(), QStringList { QStringLiteral("42") });
        QFile::remove(stray.fileName());

        // A second write replaces the file by rename: a new inode, the new content, no temporary file left.
        Draft second = sample();
        second.fields.insert(QStringLiteral("q10_measures_taken"), QStringLiteral("bucket made private"));
        second.baseVersion = 4;
        QVERIFY(store.write(second, key));
        struct stat after;
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &after), 0);
        QVERIFY(after.st_ino != before.st_ino);
        QCOMPARE(after.st_mode & 0777, 0600u);
        QCOMPARE(QDir(store.directory()).entryList(QDir::Files), QStringList { QStringLiteral("42.draft") });
        const auto read = store.read(QStringLiteral("42"), key);
        QCOMPARE(read.value()->fields, second.fields);
        QCOMPARE(read.value()->baseVersion, 4);
    }

    void keyComesFromTheKeychainAndNeverReachesADisk()
    {
        ART32_REQUIRE_SERVICES();
        const QString profile = QStringLiteral("drafts_%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
        const QString entry = drafts::keychainKey(profile);
        QCOMPARE(entry, QStringLiteral("profile/%1/incident-draft-key").arg(profile));
        QCOMPARE(m_keychain.readNow(entry).status, Keychain::Status::NotFound);

        // First use makes it and stores it; the next use reads the same key.
        const auto made = obtain(profile);
        QVERIFY2(made, qPrintable(made.error().message));
        QCOMPARE(made.value()->size(), size_t(drafts::kKeyBytes));
        Keychain::Reply stored = m_keychain.readNow(entry);
        QVERIFY(stored.ok());
        QCOMPARE(stored.secret, made.value()->view());
        const auto again = obtain(profile);
        QVERIFY(again);
        QVERIFY(again.value()->equals(*made.value()));

        // Drafts under it; then every file the test can reach is searched for the key: raw, hex, base64.
        const QString root = DraftStore::defaultRoot();
        const DraftStore store(profile);
        QVERIFY(store.directory().startsWith(root));
        QVERIFY(root.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)));
        for (int i = 1; i <= 3; ++i) {
            Draft d = sample(QString::number(i));
            QVERIFY(store.write(d, *again.value()));
        }
        QVERIFY(store.read(QStringLiteral("2"), *again.value()).value().has_value());
        {
            Settings settings; // the console's QSettings, as the GUI writes them
            settings.set(Settings::Key::LastProfile, profile);
        }

        const QByteArray raw = stored.secret;
        const QList<QByteArray> needles { raw, raw.toHex(), raw.toHex().toUpper(), raw.toBase64(),
                                          raw.toBase64(QByteArray::Base64UrlEncoding
                                                       | QByteArray::OmitTrailingEquals) };
        QStringList places { root, QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation),
                             QFileInfo(QSettings().fileName()).absolutePath(), m_dir.path() };
        // Under the harness HOME is private to this run: all of it (the keyring's own file is encrypted).
        if (qEnvironmentVariableIsSet("ART32_TEST_REQUIRE_SERVICES"))
            places << QDir::homePath();
        int scanned = 0;
        for (const QString& place : std::as_const(places)) {
            QDirIterator it(place, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString file = it.next();
                if (QFileInfo(file).size() > 64 * 1024 * 1024)
                    continue;
                const QByteArray bytes = contents(file);
                ++scanned;
                for (const QByteArray& needle : needles)
                    QVERIFY2(!bytes.contains(needle), qPrintable(QStringLiteral("the draft key is in %1").arg(file)));
            }
        }
        QVERIFY(scanned >= 4); // the three drafts and the settings at least
        QVERIFY(!QSettings().allKeys().isEmpty());
        for (const QString& k : QSettings().allKeys())
            QVERIFY(!QSettings().value(k).toByteArray().contains(raw.toHex()));
        wipe(stored.secret);

        // A key of the wrong size in the keychain is refused, not padded or cut; drafts are off with a message.
        QVERIFY(m_keychain.writeNow(entry, QByteArray(16, 'k')).ok());
        const auto wrong = obtain(profile);
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code, QStringLiteral("draft.keychain"));
        QVERIFY(m_keychain.removeNow(entry).ok());
    }
};

QTEST_GUILESS_MAIN(TestIncidentDrafts)
#include "tst_incident_drafts.moc"
