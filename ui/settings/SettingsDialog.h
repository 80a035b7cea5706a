#pragma once

#include <QDialog>
#include <memory>

namespace Ui {
class SettingsDialog;
}

namespace art32 {
class Settings;
}

namespace art32::ui {

/** Preferences. Writes through art32::Settings on OK; whoever listens to Settings::changed applies them. */
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(Settings* settings, QWidget* parent = nullptr);
    ~SettingsDialog() override;

    void accept() override;

protected:
    void changeEvent(QEvent* event) override;

private:
    void fillLanguages();

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    Settings* m_settings;
};

} // namespace art32::ui
