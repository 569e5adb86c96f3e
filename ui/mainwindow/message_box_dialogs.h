#pragma once
#include "mainwindow/dialog_service.h"

namespace volnet::ui {

// The DialogService of the running application: QMessageBox and QFileDialog.
class MessageBoxDialogs : public DialogService {
public:
    void showError(QWidget *parent, const QString &title, const QString &text) override;
    SaveChoice askToSave(QWidget *parent, const QString &documentName) override;
    bool ask(QWidget *parent, const QString &title, const QString &text, const QString &acceptLabel) override;
    QString openFileName(QWidget *parent, const QString &title, const QString &directory) override;
    QString saveFileName(QWidget *parent, const QString &title, const QString &suggestedPath) override;
    int exec(QDialog *dialog) override;
};

} // namespace volnet::ui
