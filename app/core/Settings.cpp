#include "core/Settings.h"

#include <QSettings>

namespace art32 {
namespace {

struct KeyInfo
{
    const char* name;
    QVariant defaultValue;
};

KeyInfo info(Settings::Key key)
{
    switch (key) {
    case Settings::Key::Language:
        return { "ui/language", QString() };
    case Settings::Key::LastProfile:
        return { "ui/lastProfile", QString() };
    case Settings::Key::IdleLockMinutes:
        return { "security/idleLockMinutes", 10 };
    case Settings::Key::WorkingLiberationDay:
        return { "calendar/liberationDay", QStringLiteral("lustrum") };
    case Settings::Key::WorkingGoodFriday:
        return { "calendar/goodFriday", false };
    case Settings::Key::WorkingExtraClosedDays:
        return { "calendar/extraClosedDays", QStringList() };
    }
    Q_UNREACHABLE();
}

} // namespace

Settings::Settings(QObject* parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>())
{ }

Settings::Settings(const QString& fileName, QObject* parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(fileName, QSettings::IniFormat))
{ }

Settings::~Settings() = default;

QVariant Settings::get(Key key) const
{
    const KeyInfo i = info(key);
    return m_settings->value(QLatin1String(i.name), i.defaultValue);
}

void Settings::set(Key key, const QVariant& value)
{
    if (get(key) == value)
        return;
    m_settings->setValue(QLatin1String(info(key).name), value);
    emit changed(key);
}

void Settings::sync()
{
    m_settings->sync();
}

QString Settings::fileName() const
{
    return m_settings->fileName();
}

} // namespace art32
