#include "store/Migrator.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using art32::Migrator;

class TestMigrationFiles : public QObject
{
    Q_OBJECT

    static void write(const QTemporaryDir& dir, const QString& name, const QByteArray& sql)
    {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(sql);
    }

private slots:
    void embeddedMigrationsAreNumberedFromOne()
    {
        const auto list = Migrator().available();
        QVERIFY2(list, qPrintable(list.error().message));
        QVERIFY(!list->isEmpty());
        QCOMPARE(list->first().version, 1);
        QCOMPARE(list->first().name, QStringLiteral("foundation"));
        QCOMPARE(list->first().checksum.size(), 64);
        for (int i = 1; i < list->size(); ++i)
            QVERIFY(list->at(i).version > list->at(i - 1).version);
    }

    // app/CMakeLists.txt lists the files to embed: one left out would be missing from every database (and from
    // resources/sql/schema.sql) while the tree looks complete.
    void embedsEveryMigrationOfTheSourceTree()
    {
        const auto embedded = Migrator().available();
        const auto tree = Migrator(QStringLiteral(ART32_SOURCE_DIR "/resources/sql/migrations")).available();
        QVERIFY2(tree, qPrintable(tree.error().message));
        QVERIFY(embedded);
        QStringList a, b;
        for (const auto& m : embedded.value())
            a << m.label() + QLatin1Char(' ') + m.checksum;
        for (const auto& m : tree.value())
            b << m.label() + QLatin1Char(' ') + m.checksum;
        QCOMPARE(a, b);
    }

    void sortsByVersion()
    {
        QTemporaryDir dir;
        write(dir, QStringLiteral("0010_ten.sql"), "SELECT 10;");
        write(dir, QStringLiteral("0002_two.sql"), "SELECT 2;");
        const auto list = Migrator(dir.path()).available();
        QVERIFY(list);
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(0).version, 2);
        QCOMPARE(list->at(1).label(), QStringLiteral("0010_ten"));
    }

    void refusesBadNames_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("no-number") << "init.sql";
        QTest::newRow("short-number") << "1_init.sql";
        QTest::newRow("upper") << "0001_Init.sql";
        QTest::newRow("space") << "0001_in it.sql";
    }

    void refusesBadNames()
    {
        QFETCH(QString, file);
        QTemporaryDir dir;
        write(dir, file, "SELECT 1;");
        const auto list = Migrator(dir.path()).available();
        QVERIFY(!list);
        QCOMPARE(list.error().code, QStringLiteral("migrate.name"));
    }

    void refusesDuplicateVersions()
    {
        QTemporaryDir dir;
        write(dir, QStringLiteral("0003_a.sql"), "SELECT 1;");
        write(dir, QStringLiteral("0003_b.sql"), "SELECT 2;");
        const auto list = Migrator(dir.path()).available();
        QVERIFY(!list);
        QCOMPARE(list.error().code, QStringLiteral("migrate.duplicate"));
    }

    void missingFolder()
    {
        const auto list = Migrator(QStringLiteral("/nonexistent/art32")).available();
        QVERIFY(!list);
        QCOMPARE(list.error().code, QStringLiteral("migrate.folder"));
    }
};

QTEST_GUILESS_MAIN(TestMigrationFiles)
#include "tst_migrationfiles.moc"
