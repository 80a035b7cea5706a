#pragma once

#include "auth/KeyKind.h"

#include <QWidget>
#include <atomic>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;

namespace art32 {
class Session;
}

namespace art32::ui {

class Banner;

/**
 * Keys (CTO): the KEK and index-key versions this admin holds, a rotation under way, and rotating either key.
 * A rotation runs on the session's worker with progress and Cancel; cancelled or cut off, every record stays
 * readable and the next rotation of that kind resumes it (the server refuses a second one).
 */
class KeysPanel : public QWidget
{
    Q_OBJECT

public:
    explicit KeysPanel(Session* session, QWidget* parent = nullptr);

    bool isRotating() const { return m_cancel != nullptr; }

public slots:
    void reload();
    void rotateKek() { rotate(KeyKind::Kek); }
    void rotateIndexKey() { rotate(KeyKind::Index); }
    void cancel();

protected:
    void changeEvent(QEvent* event) override;

private:
    void rotate(KeyKind kind);
    void retranslate();
    void finished(KeyKind kind, bool done, qint64 moved, int toVersion, bool cancelled);

    Session* m_session;
    Banner* m_banner;
    QLabel* m_intro;
    QLabel* m_status;
    QPushButton* m_kekButton;
    QPushButton* m_indexButton;
    QPushButton* m_cancelButton;
    QProgressBar* m_progress;
    std::shared_ptr<std::atomic_bool> m_cancel;
};

} // namespace art32::ui
