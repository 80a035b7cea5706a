#pragma once

#include <QDialog>
#include <memory>

namespace Ui {
class AboutDialog;
}

namespace art32 {
struct ServerInfo;
}

namespace art32::ui {

/** Versions of the console, its libraries and the database server it is connected to. */
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    /** server may be null when not connected. */
    explicit AboutDialog(const ServerInfo* server, QWidget* parent = nullptr);
    ~AboutDialog() override;

    /** Component name → version as shown (for tests and the clipboard). */
    QString versionOf(const QString& component) const;

private:
    std::unique_ptr<Ui::AboutDialog> m_ui;
};

} // namespace art32::ui
