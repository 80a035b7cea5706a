#pragma once

#include <QObject>
#include <QVariant>
#include <memory>

class QSettings;

namespace art32 {

/**
 * The application's preferences, one typed key at a time. Secrets never go here: QSettings is a plain
 * file. Profiles have their own store (store/Profile.h).
 */
class Settings : public QObject
{
    Q_OBJECT

public:
    enum class Key {
        Language, ///< "" follows the system locale, else a BCP 47 name such as "nl" or "en"
        LastProfile,
        IdleLockMinutes,
        // Backups (issue 13): the working calendar of the recovery promise (core/WorkingHours.h).
        WorkingLiberationDay, ///< "lustrum" (default: 2025, 2030, ...), "always" or "never"
        WorkingGoodFriday, ///< bool: closed on Good Friday (default false)
        WorkingExtraClosedDays, ///< QStringList of "YYYY-MM-DD" or "YYYY-MM-DD reason"
    };
    Q_ENUM(Key)

    /** Settings stored in the default place for this application (QSettings' native format). */
    explicit Settings(QObject* parent = nullptr);
    /** Settings stored in the given file (tests, alternative configurations). */
    explicit Settings(const QString& fileName, QObject* parent = nullptr);
    ~Settings() override;

    QVariant get(Key key) const;
    void set(Key key, const QVariant& value);
    void sync();

    QString fileName() const;

signals:
    void changed(art32::Settings::Key key);

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace art32
