<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU" sourcelanguage="en">
<context>
    <name>text</name>
    <message>
        <source>app_title</source>
        <extracomment>SIM card registration</extracomment>
        <translation>Регистрация SIM-карты</translation>
    </message>
    <message>
        <source>cancel</source>
        <extracomment>Cancel</extracomment>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>continue</source>
        <extracomment>Continue</extracomment>
        <translation>Продолжить</translation>
    </message>
    <message>
        <source>please_wait</source>
        <extracomment>Please wait…</extracomment>
        <translation>Пожалуйста, подождите…</translation>
    </message>
    <message>
        <source>step_of</source>
        <extracomment>Step {n} of {total}</extracomment>
        <translation>Шаг {n} из {total}</translation>
    </message>
    <message>
        <source>error_generic</source>
        <extracomment>Something went wrong. Please ask a member of staff.</extracomment>
        <translation>Что-то пошло не так. Обратитесь к сотруднику.</translation>
    </message>
    <message>
        <source>error_device</source>
        <extracomment>A device of this kiosk is not working. Please ask a member of staff.</extracomment>
        <translation>Одно из устройств киоска не работает. Обратитесь к сотруднику.</translation>
    </message>
    <message>
        <source>attract_title</source>
        <extracomment>Activate your SIM card here</extracomment>
        <translation>Активируйте SIM-карту здесь</translation>
    </message>
    <message>
        <source>attract_touch</source>
        <extracomment>Touch the screen to start</extracomment>
        <translation>Коснитесь экрана, чтобы начать</translation>
    </message>
    <message>
        <source>attract_needs</source>
        <extracomment>You need your ID card and the SIM card pack</extracomment>
        <translation>Вам понадобятся удостоверение личности и упаковка SIM-карты</translation>
    </message>
    <message>
        <source>start</source>
        <extracomment>Start</extracomment>
        <translation>Начать</translation>
    </message>
    <message>
        <source>attract_crash_notice</source>
        <extracomment>Technician: see diagnostics</extracomment>
        <translation>Для техника: см. диагностику</translation>
    </message>
    <message>
        <source>language_title</source>
        <extracomment>Choose your language</extracomment>
        <translation>Выберите язык</translation>
    </message>
    <message>
        <source>login_title</source>
        <extracomment>Staff login</extracomment>
        <translation>Вход сотрудника</translation>
    </message>
    <message>
        <source>login_id</source>
        <extracomment>Operator ID</extracomment>
        <translation>ID оператора</translation>
    </message>
    <message>
        <source>login_pin</source>
        <extracomment>PIN</extracomment>
        <translation>PIN-код</translation>
    </message>
    <message>
        <source>login_button</source>
        <extracomment>Log in</extracomment>
        <translation>Войти</translation>
    </message>
    <message>
        <source>login_refused</source>
        <extracomment>Wrong operator ID or PIN</extracomment>
        <translation>Неверный ID или PIN-код</translation>
    </message>
    <message>
        <source>consent_title</source>
        <extracomment>Your consent</extracomment>
        <translation>Согласие</translation>
    </message>
    <message>
        <source>consent_text</source>
        <extracomment>To activate your SIM card we read your ID card, check your face with the camera and compare it with the photo on the document. The data is used only for this check and for the signed record sent to the operator. When the session ends, the photos and your personal data are deleted from this device.</extracomment>
        <translation>Чтобы активировать SIM-карту, мы прочитаем ваше удостоверение личности, проверим лицо с помощью камеры и сравним его с фотографией в документе. Данные используются только для этой проверки и для подписанной записи, которая отправляется оператору. После окончания сеанса фотографии и личные данные удаляются с этого устройства.</translation>
    </message>
    <message>
        <source>consent_agree</source>
        <extracomment>I agree</extracomment>
        <translation>Я согласен(на)</translation>
    </message>
    <message>
        <source>document_title</source>
        <extracomment>Place your ID card on the scanner</extracomment>
        <translation>Положите удостоверение личности на сканер</translation>
    </message>
    <message>
        <source>document_hint</source>
        <extracomment>Photo side down</extracomment>
        <translation>Стороной с фотографией вниз</translation>
    </message>
    <message>
        <source>document_scan</source>
        <extracomment>Scan</extracomment>
        <translation>Сканировать</translation>
    </message>
    <message>
        <source>document_reading</source>
        <extracomment>Reading the document…</extracomment>
        <translation>Читаем документ…</translation>
    </message>
    <message>
        <source>document_retry</source>
        <extracomment>The document could not be read. Lay it flat and try again.</extracomment>
        <translation>Не удалось прочитать документ. Положите его ровно и попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>document_attempt</source>
        <extracomment>Attempt {n} of {total}</extracomment>
        <translation>Попытка {n} из {total}</translation>
    </message>
    <message>
        <source>sim_title</source>
        <extracomment>Scan the barcode on the SIM card pack</extracomment>
        <translation>Отсканируйте штрихкод на упаковке SIM-карты</translation>
    </message>
    <message>
        <source>sim_iccid</source>
        <extracomment>ICCID (19–20 digits)</extracomment>
        <translation>ICCID (19–20 цифр)</translation>
    </message>
    <message>
        <source>sim_msisdn</source>
        <extracomment>Phone number (optional)</extracomment>
        <translation>Номер телефона (необязательно)</translation>
    </message>
    <message>
        <source>sim_iccid_bad</source>
        <extracomment>This SIM card number is not valid. Scan it again.</extracomment>
        <translation>Неверный номер SIM-карты. Отсканируйте ещё раз.</translation>
    </message>
    <message>
        <source>sim_msisdn_bad</source>
        <extracomment>The phone number must have 10 to 15 digits.</extracomment>
        <translation>Номер телефона должен содержать 10–15 цифр.</translation>
    </message>
    <message>
        <source>sim_iccid_ok</source>
        <extracomment>SIM card number is valid</extracomment>
        <translation>Номер SIM-карты верный</translation>
    </message>
    <message>
        <source>face_title</source>
        <extracomment>Look at the camera</extracomment>
        <translation>Посмотрите в камеру</translation>
    </message>
    <message>
        <source>face_hint</source>
        <extracomment>Follow the instructions on the screen</extracomment>
        <translation>Выполняйте указания на экране</translation>
    </message>
    <message>
        <source>face_ready</source>
        <extracomment>I'm ready</extracomment>
        <translation>Я готов(а)</translation>
    </message>
    <message>
        <source>face_checking</source>
        <extracomment>Checking…</extracomment>
        <translation>Проверяем…</translation>
    </message>
    <message>
        <source>face_liveness_failed</source>
        <extracomment>The check did not work. Follow the instructions closely and try again.</extracomment>
        <translation>Проверка не удалась. Внимательно выполняйте указания и попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>face_no_match</source>
        <extracomment>Your face did not match the photo on the document. Look straight at the camera and try again.</extracomment>
        <translation>Лицо не совпало с фотографией в документе. Смотрите прямо в камеру и попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>face_attempt</source>
        <extracomment>Attempt {n} of {total}</extracomment>
        <translation>Попытка {n} из {total}</translation>
    </message>
    <message>
        <source>face_progress</source>
        <extracomment>Task {n} of {total}</extracomment>
        <translation>Задание {n} из {total}</translation>
    </message>
    <message>
        <source>review_title</source>
        <extracomment>Clerk review</extracomment>
        <translation>Решение сотрудника</translation>
    </message>
    <message>
        <source>review_why</source>
        <extracomment>Why a review is needed:</extracomment>
        <translation>Почему нужна проверка:</translation>
    </message>
    <message>
        <source>review_match</source>
        <extracomment>Face match: {band} (distance {distance:.3f}, threshold {threshold:.2f})</extracomment>
        <translation>Сходство лица: {band} (расстояние {distance:.3f}, порог {threshold:.2f})</translation>
    </message>
    <message>
        <source>band_match</source>
        <extracomment>match</extracomment>
        <translation>совпадает</translation>
    </message>
    <message>
        <source>band_review</source>
        <extracomment>borderline</extracomment>
        <translation>пограничное</translation>
    </message>
    <message>
        <source>band_no_match</source>
        <extracomment>no match</extracomment>
        <translation>не совпадает</translation>
    </message>
    <message>
        <source>review_no_match_data</source>
        <extracomment>Face match not measured yet</extracomment>
        <translation>Сходство лица ещё не измерено</translation>
    </message>
    <message>
        <source>review_fields</source>
        <extracomment>Document data (correct a misread field)</extracomment>
        <translation>Данные документа (исправьте, если прочитаны неверно)</translation>
    </message>
    <message>
        <source>review_reason</source>
        <extracomment>Reason (required)</extracomment>
        <translation>Причина (обязательно)</translation>
    </message>
    <message>
        <source>review_approve</source>
        <extracomment>Approve</extracomment>
        <translation>Одобрить</translation>
    </message>
    <message>
        <source>review_refuse</source>
        <extracomment>Refuse</extracomment>
        <translation>Отказать</translation>
    </message>
    <message>
        <source>review_reason_needed</source>
        <extracomment>Write the reason for the decision</extracomment>
        <translation>Укажите причину решения</translation>
    </message>
    <message>
        <source>submit_title</source>
        <extracomment>Sending your registration…</extracomment>
        <translation>Отправляем данные…</translation>
    </message>
    <message>
        <source>receipt_activated</source>
        <extracomment>Your SIM card is activated</extracomment>
        <translation>SIM-карта активирована</translation>
    </message>
    <message>
        <source>receipt_activated_text</source>
        <extracomment>You can use it right away.</extracomment>
        <translation>Ею можно пользоваться сразу.</translation>
    </message>
    <message>
        <source>receipt_queued</source>
        <extracomment>Your registration is saved</extracomment>
        <translation>Заявка сохранена</translation>
    </message>
    <message>
        <source>receipt_queued_text</source>
        <extracomment>The operator's server cannot be reached right now. Your signed registration is saved on this kiosk and will be sent automatically when the connection is back. The SIM card will work after that; you do not need to come back.</extracomment>
        <translation>Сейчас нет связи с сервером оператора. Ваша подписанная заявка сохранена на этом устройстве и будет отправлена автоматически, когда связь восстановится. После этого SIM-карта заработает; приходить ещё раз не нужно.</translation>
    </message>
    <message>
        <source>receipt_rejected</source>
        <extracomment>The activation was refused</extracomment>
        <translation>В активации отказано</translation>
    </message>
    <message>
        <source>receipt_rejected_text</source>
        <extracomment>The operator refused this registration. Please ask a member of staff.</extracomment>
        <translation>Оператор отклонил эту заявку. Обратитесь к сотруднику.</translation>
    </message>
    <message>
        <source>receipt_number</source>
        <extracomment>Reference: {ref}</extracomment>
        <translation>Номер заявки: {ref}</translation>
    </message>
    <message>
        <source>done</source>
        <extracomment>Done</extracomment>
        <translation>Готово</translation>
    </message>
    <message>
        <source>ended_thanks</source>
        <extracomment>Thank you!</extracomment>
        <translation>Спасибо!</translation>
    </message>
    <message>
        <source>ended_wiped</source>
        <extracomment>Your data has been deleted from this device.</extracomment>
        <translation>Ваши данные удалены с этого устройства.</translation>
    </message>
    <message>
        <source>ended_again</source>
        <extracomment>Back to start</extracomment>
        <translation>На главную</translation>
    </message>
    <message>
        <source>sim_keypad_hint</source>
        <extracomment>Scan the pack's barcode or type the number on the keypad</extracomment>
        <translation>Отсканируйте штрихкод упаковки или наберите номер на клавиатуре</translation>
    </message>
    <message>
        <source>review_faces</source>
        <extracomment>Document photo and live camera face</extracomment>
        <translation>Фото в документе и лицо с камеры</translation>
    </message>
    <message>
        <source>review_document_photo</source>
        <extracomment>Document photo</extracomment>
        <translation>Фото в документе</translation>
    </message>
    <message>
        <source>review_live_photo</source>
        <extracomment>Live camera</extracomment>
        <translation>С камеры</translation>
    </message>
    <message>
        <source>review_no_photo</source>
        <extracomment>No picture</extracomment>
        <translation>Нет изображения</translation>
    </message>
    <message>
        <source>similarity_strong</source>
        <extracomment>Similarity: strong</extracomment>
        <translation>Сходство: сильное</translation>
    </message>
    <message>
        <source>similarity_borderline</source>
        <extracomment>Similarity: borderline — compare the faces yourself</extracomment>
        <translation>Сходство: пограничное — сравните лица сами</translation>
    </message>
    <message>
        <source>similarity_weak</source>
        <extracomment>Similarity: weak</extracomment>
        <translation>Сходство: слабое</translation>
    </message>
    <message>
        <source>similarity_numbers</source>
        <extracomment>distance {distance:.3f}, threshold {threshold:.2f} (lower is closer)</extracomment>
        <translation>расстояние {distance:.3f}, порог {threshold:.2f} (меньше — ближе)</translation>
    </message>
    <message>
        <source>review_iin_label</source>
        <extracomment>Customer's IIN (not on the document, required)</extracomment>
        <translation>ИИН клиента (нет в документе, обязательно)</translation>
    </message>
    <message>
        <source>review_iin_hint</source>
        <extracomment>A foreign resident's IIN is on their residence permit or IIN certificate</extracomment>
        <translation>ИИН иностранца указан в его виде на жительство или справке об ИИН</translation>
    </message>
    <message>
        <source>review_iin_ok</source>
        <extracomment>The IIN is valid and agrees with the document</extracomment>
        <translation>ИИН верный и совпадает с документом</translation>
    </message>
    <message>
        <source>iin_format</source>
        <extracomment>An IIN has 12 digits</extracomment>
        <translation>ИИН состоит из 12 цифр</translation>
    </message>
    <message>
        <source>iin_invalid_entry</source>
        <extracomment>This IIN is not valid (wrong check digit or date)</extracomment>
        <translation>Этот ИИН недействителен (неверная контрольная цифра или дата)</translation>
    </message>
    <message>
        <source>iin_birth_mismatch</source>
        <extracomment>The IIN's birth date differs from the document's</extracomment>
        <translation>Дата рождения в ИИН не совпадает с документом</translation>
    </message>
    <message>
        <source>iin_sex_mismatch</source>
        <extracomment>The IIN's sex digit differs from the document's</extracomment>
        <translation>Пол в ИИН не совпадает с документом</translation>
    </message>
    <message>
        <source>review_approve_needs_iin</source>
        <extracomment>To approve, enter the customer's valid IIN: {why}</extracomment>
        <translation>Чтобы одобрить, введите верный ИИН клиента: {why}</translation>
    </message>
    <message>
        <source>review_reason_label</source>
        <extracomment>Reason for the decision</extracomment>
        <translation>Причина решения</translation>
    </message>
    <message>
        <source>clerk_logout</source>
        <extracomment>Log out ({clerk})</extracomment>
        <translation>Выйти ({clerk})</translation>
    </message>
    <message>
        <source>clerk_logged_in</source>
        <extracomment>Clerk: {clerk}</extracomment>
        <translation>Сотрудник: {clerk}</translation>
    </message>
    <message>
        <source>clerk_language</source>
        <extracomment>Staff language</extracomment>
        <translation>Язык сотрудника</translation>
    </message>
    <message>
        <source>login_shift</source>
        <extracomment>Log in once per shift; locks after {minutes} min without activity</extracomment>
        <translation>Вход один раз за смену; блокировка после {minutes} мин бездействия</translation>
    </message>
    <message>
        <source>submissions_open</source>
        <extracomment>Today's submissions</extracomment>
        <translation>Заявки за сегодня</translation>
    </message>
    <message>
        <source>submissions_title</source>
        <extracomment>Today's submissions</extracomment>
        <translation>Заявки за сегодня</translation>
    </message>
    <message>
        <source>submissions_empty</source>
        <extracomment>No submissions today</extracomment>
        <translation>Сегодня заявок нет</translation>
    </message>
    <message>
        <source>submissions_counts</source>
        <extracomment>Delivered: {delivered} · Queued: {queued} · Refused: {refused}</extracomment>
        <translation>Доставлено: {delivered} · В очереди: {queued} · Отклонено: {refused}</translation>
    </message>
    <message>
        <source>submissions_time</source>
        <extracomment>Time</extracomment>
        <translation>Время</translation>
    </message>
    <message>
        <source>submissions_ref</source>
        <extracomment>Reference</extracomment>
        <translation>Номер</translation>
    </message>
    <message>
        <source>submissions_sim</source>
        <extracomment>SIM (last digits)</extracomment>
        <translation>SIM (последние цифры)</translation>
    </message>
    <message>
        <source>submissions_state</source>
        <extracomment>State</extracomment>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>submissions_why</source>
        <extracomment>Why</extracomment>
        <translation>Причина</translation>
    </message>
    <message>
        <source>state_delivered</source>
        <extracomment>Delivered</extracomment>
        <translation>Доставлено</translation>
    </message>
    <message>
        <source>state_queued</source>
        <extracomment>Queued</extracomment>
        <translation>В очереди</translation>
    </message>
    <message>
        <source>state_sending</source>
        <extracomment>Sending</extracomment>
        <translation>Отправляется</translation>
    </message>
    <message>
        <source>state_refused</source>
        <extracomment>Refused</extracomment>
        <translation>Отклонено</translation>
    </message>
    <message>
        <source>submissions_retry</source>
        <extracomment>Send queued now</extracomment>
        <translation>Отправить очередь сейчас</translation>
    </message>
    <message>
        <source>submissions_retrying</source>
        <extracomment>Sending…</extracomment>
        <translation>Отправляем…</translation>
    </message>
    <message>
        <source>submissions_retried</source>
        <extracomment>Delivered: {delivered}, still queued: {pending}</extracomment>
        <translation>Доставлено: {delivered}, ещё в очереди: {pending}</translation>
    </message>
    <message>
        <source>submissions_close</source>
        <extracomment>Close</extracomment>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>submissions_waiting</source>
        <extracomment>next attempt {time}</extracomment>
        <translation>следующая попытка {time}</translation>
    </message>
    <message>
        <source>diag_check_freeze</source>
        <extracomment>Freeze state</extracomment>
        <translation>Блокировка приёма</translation>
    </message>
    <message>
        <source>diag_check_camera</source>
        <extracomment>Camera</extracomment>
        <translation>Камера</translation>
    </message>
    <message>
        <source>diag_check_scanner</source>
        <extracomment>Document scanner</extracomment>
        <translation>Сканер документов</translation>
    </message>
    <message>
        <source>diag_check_serial_reader</source>
        <extracomment>MRZ reader (serial)</extracomment>
        <translation>Считыватель MRZ (послед. порт)</translation>
    </message>
    <message>
        <source>diag_check_barcode</source>
        <extracomment>Barcode reader</extracomment>
        <translation>Сканер штрихкодов</translation>
    </message>
    <message>
        <source>diag_check_server</source>
        <extracomment>Server</extracomment>
        <translation>Сервер</translation>
    </message>
    <message>
        <source>diag_check_tls</source>
        <extracomment>TLS (encryption)</extracomment>
        <translation>TLS (шифрование)</translation>
    </message>
    <message>
        <source>diag_check_clock</source>
        <extracomment>Clock skew</extracomment>
        <translation>Расхождение часов</translation>
    </message>
    <message>
        <source>diag_check_outbox</source>
        <extracomment>Outbox</extracomment>
        <translation>Очередь отправки</translation>
    </message>
    <message>
        <source>diag_check_key</source>
        <extracomment>Device key</extracomment>
        <translation>Ключ устройства</translation>
    </message>
    <message>
        <source>diag_check_versions</source>
        <extracomment>Versions</extracomment>
        <translation>Версии</translation>
    </message>
    <message>
        <source>diag_check_models</source>
        <extracomment>Models</extracomment>
        <translation>Модели</translation>
    </message>
    <message>
        <source>diag_check_disk</source>
        <extracomment>Disk</extracomment>
        <translation>Диск</translation>
    </message>
    <message>
        <source>diag_check_state_dir</source>
        <extracomment>State directory</extracomment>
        <translation>Каталог данных</translation>
    </message>
    <message>
        <source>diag_check_diagnostics_pin</source>
        <extracomment>Diagnostics PIN</extracomment>
        <translation>PIN-код диагностики</translation>
    </message>
    <message>
        <source>diag_status_ok</source>
        <extracomment>OK</extracomment>
        <translation>НОРМА</translation>
    </message>
    <message>
        <source>diag_status_warn</source>
        <extracomment>WARNING</extracomment>
        <translation>ВНИМАНИЕ</translation>
    </message>
    <message>
        <source>diag_status_error</source>
        <extracomment>ERROR</extracomment>
        <translation>ОШИБКА</translation>
    </message>
    <message>
        <source>diag_status_skip</source>
        <extracomment>SKIPPED</extracomment>
        <translation>ПРОПУСК</translation>
    </message>
    <message>
        <source>diag_status_untested</source>
        <extracomment>NOT TESTED</extracomment>
        <translation>НЕ ПРОВЕРЕНО</translation>
    </message>
    <message>
        <source>diag_tab_checks</source>
        <extracomment>Checks</extracomment>
        <translation>Проверки</translation>
    </message>
    <message>
        <source>diag_tab_devices</source>
        <extracomment>Devices</extracomment>
        <translation>Устройства</translation>
    </message>
    <message>
        <source>diag_tab_log</source>
        <extracomment>Log</extracomment>
        <translation>Журнал</translation>
    </message>
    <message>
        <source>diag_frozen</source>
        <extracomment>KIOSK FROZEN — new customers are not taken</extracomment>
        <translation>КИОСК ЗАБЛОКИРОВАН — новые клиенты не принимаются</translation>
    </message>
    <message>
        <source>diag_not_frozen</source>
        <extracomment>Not frozen: the kiosk takes customers</extracomment>
        <translation>Киоск не заблокирован: клиенты принимаются</translation>
    </message>
    <message>
        <source>diag_freeze_unknown</source>
        <extracomment>Checking the freeze state…</extracomment>
        <translation>Проверяется состояние блокировки…</translation>
    </message>
    <message>
        <source>diag_untested</source>
        <extracomment>not tested yet — test it on the Devices tab</extracomment>
        <translation>ещё не проверено — проверьте на вкладке «Устройства»</translation>
    </message>
    <message>
        <source>diag_test_scan</source>
        <extracomment>Test scan</extracomment>
        <translation>Пробное сканирование</translation>
    </message>
    <message>
        <source>diag_scanning</source>
        <extracomment>scanning…</extracomment>
        <translation>сканирование…</translation>
    </message>
    <message>
        <source>diag_no_scanner</source>
        <extracomment>no scanner given</extracomment>
        <translation>сканер не задан</translation>
    </message>
    <message>
        <source>diag_barcode_hint</source>
        <extracomment>Scan a SIM card's barcode</extracomment>
        <translation>Отсканируйте штрихкод SIM-карты</translation>
    </message>
    <message>
        <source>diag_barcode_ok</source>
        <extracomment>{n} characters read: a valid ICCID (Luhn check digit correct)</extracomment>
        <translation>Прочитано символов: {n}; ICCID верный (контрольная цифра Луна совпадает)</translation>
    </message>
    <message>
        <source>diag_barcode_bad</source>
        <extracomment>{n} characters read, not a valid ICCID: {reason}</extracomment>
        <translation>Прочитано символов: {n}, но это неверный ICCID: {reason}</translation>
    </message>
    <message>
        <source>diag_serial_listen</source>
        <extracomment>Listen ({s} s)</extracomment>
        <translation>Слушать ({s} с)</translation>
    </message>
    <message>
        <source>diag_serial_listening</source>
        <extracomment>Swipe a document now (waiting {s} s)…</extracomment>
        <translation>Проведите документ сейчас (ждём {s} с)…</translation>
    </message>
    <message>
        <source>diag_no_serial</source>
        <extracomment>no serial MRZ reader configured</extracomment>
        <translation>последовательный считыватель MRZ не настроен</translation>
    </message>
    <message>
        <source>diag_no_pin_set</source>
        <extracomment>No diagnostics PIN is set (kiosk.diagnostics_pin): the screen stays locked.</extracomment>
        <translation>PIN-код диагностики не задан (kiosk.diagnostics_pin): экран не откроется.</translation>
    </message>
    <message>
        <source>diag_face_found</source>
        <extracomment>face found</extracomment>
        <translation>лицо найдено</translation>
    </message>
    <message>
        <source>diag_no_face</source>
        <extracomment>no face</extracomment>
        <translation>лица нет</translation>
    </message>
    <message>
        <source>face_position</source>
        <extracomment>Put your face in the oval, then press “I'm ready”</extracomment>
        <translation>Поместите лицо в овал и нажмите «Я готов(а)»</translation>
    </message>
    <message>
        <source>face_in_place</source>
        <extracomment>Good, your face is in place</extracomment>
        <translation>Хорошо, лицо на месте</translation>
    </message>
    <message>
        <source>face_get_ready</source>
        <extracomment>Hold still for the next picture</extracomment>
        <translation>Ждите следующую картинку, не двигайтесь</translation>
    </message>
    <message>
        <source>face_matching</source>
        <extracomment>Comparing with your document photo…</extracomment>
        <translation>Сравниваем с фотографией в документе…</translation>
    </message>
    <message>
        <source>face_camera_starting</source>
        <extracomment>Starting the camera…</extracomment>
        <translation>Включаем камеру…</translation>
    </message>
    <message>
        <source>face_fail_no_answer_blink</source>
        <extracomment>You did not blink in time.</extracomment>
        <translation>Вы не моргнули вовремя.</translation>
    </message>
    <message>
        <source>face_fail_no_answer_turn_left</source>
        <extracomment>You did not turn your head left in time.</extracomment>
        <translation>Вы не повернули голову влево вовремя.</translation>
    </message>
    <message>
        <source>face_fail_no_answer_turn_right</source>
        <extracomment>You did not turn your head right in time.</extracomment>
        <translation>Вы не повернули голову вправо вовремя.</translation>
    </message>
    <message>
        <source>face_fail_no_answer_smile</source>
        <extracomment>You did not smile in time.</extracomment>
        <translation>Вы не улыбнулись вовремя.</translation>
    </message>
    <message>
        <source>face_fail_no_answer_nod</source>
        <extracomment>You did not nod in time.</extracomment>
        <translation>Вы не кивнули вовремя.</translation>
    </message>
    <message>
        <source>face_fail_wrong_move</source>
        <extracomment>You made a different movement from the one shown.</extracomment>
        <translation>Вы сделали другое движение, не то, что на картинке.</translation>
    </message>
    <message>
        <source>face_fail_no_return</source>
        <extracomment>After the movement you did not look straight at the camera again.</extracomment>
        <translation>После движения вы не посмотрели снова прямо в камеру.</translation>
    </message>
    <message>
        <source>face_fail_not_still</source>
        <extracomment>You moved while waiting for the next picture.</extracomment>
        <translation>Вы двигались, пока мы ждали следующую картинку.</translation>
    </message>
    <message>
        <source>face_fail_too_early</source>
        <extracomment>You moved before the picture appeared.</extracomment>
        <translation>Вы начали двигаться до того, как появилась картинка.</translation>
    </message>
    <message>
        <source>face_fail_second_face</source>
        <extracomment>More than one person was in view.</extracomment>
        <translation>В кадре было больше одного человека.</translation>
    </message>
    <message>
        <source>face_fail_not_live</source>
        <extracomment>We could not confirm that a live person is in front of the camera.</extracomment>
        <translation>Мы не смогли убедиться, что перед камерой живой человек.</translation>
    </message>
    <message>
        <source>face_fail_face_lost</source>
        <extracomment>Your face left the camera's view.</extracomment>
        <translation>Ваше лицо вышло из кадра.</translation>
    </message>
    <message>
        <source>face_fail_too_dark</source>
        <extracomment>It was too dark to see your face.</extracomment>
        <translation>Было слишком темно, чтобы увидеть лицо.</translation>
    </message>
    <message>
        <source>face_fail_backlight</source>
        <extracomment>The light behind you was too bright.</extracomment>
        <translation>Свет за вашей спиной был слишком ярким.</translation>
    </message>
    <message>
        <source>face_fail_not_clear</source>
        <extracomment>We could not see your face clearly.</extracomment>
        <translation>Мы не смогли чётко рассмотреть ваше лицо.</translation>
    </message>
    <message>
        <source>face_fail_no_match</source>
        <extracomment>The face did not match the document photo.</extracomment>
        <translation>Лицо не совпало с фотографией в документе.</translation>
    </message>
    <message>
        <source>face_fail_unclear</source>
        <extracomment>The check did not work.</extracomment>
        <translation>Проверка не удалась.</translation>
    </message>
    <message>
        <source>face_next_move</source>
        <extracomment>Wait for the picture, do the movement it shows, then look straight at the camera again.</extracomment>
        <translation>Дождитесь картинки, сделайте показанное движение и снова посмотрите прямо в камеру.</translation>
    </message>
    <message>
        <source>face_next_one_person</source>
        <extracomment>Make sure only you are in view.</extracomment>
        <translation>Проследите, чтобы в кадре были только вы.</translation>
    </message>
    <message>
        <source>face_next_live</source>
        <extracomment>Stand in front of the camera yourself, without a photo or a screen.</extracomment>
        <translation>Встаньте перед камерой сами, без фотографии или экрана.</translation>
    </message>
    <message>
        <source>face_next_stay</source>
        <extracomment>Keep your face inside the oval until the check ends.</extracomment>
        <translation>Держите лицо в овале до конца проверки.</translation>
    </message>
    <message>
        <source>face_next_light</source>
        <extracomment>Stand where your face is well lit, with no bright light behind you.</extracomment>
        <translation>Встаньте так, чтобы лицо было хорошо освещено, а за спиной не было яркого света.</translation>
    </message>
    <message>
        <source>face_next_look</source>
        <extracomment>Put your face in the oval, look straight at the camera and hold still.</extracomment>
        <translation>Поместите лицо в овал, смотрите прямо в камеру и не двигайтесь.</translation>
    </message>
    <message>
        <source>face_try_again</source>
        <extracomment>Press “I'm ready” to try again.</extracomment>
        <translation>Чтобы попробовать снова, нажмите «Я готов(а)».</translation>
    </message>
    <message>
        <source>face_last_attempt</source>
        <extracomment>This is your last attempt.</extracomment>
        <translation>Это последняя попытка.</translation>
    </message>
    <message>
        <source>chip_place</source>
        <extracomment>Place your passport's photo page on the reader and keep it still</extracomment>
        <translation>Положите паспорт страницей с фотографией на считыватель и не двигайте его</translation>
    </message>
    <message>
        <source>chip_reading</source>
        <extracomment>Reading the passport's chip…</extracomment>
        <translation>Читаем чип паспорта…</translation>
    </message>
    <message>
        <source>chip_moved</source>
        <extracomment>The passport moved. Place it on the reader again and keep it still.</extracomment>
        <translation>Паспорт сдвинулся. Положите его на считыватель ещё раз и не двигайте.</translation>
    </message>
    <message>
        <source>chip_verified</source>
        <extracomment>The passport's chip is verified</extracomment>
        <translation>Чип паспорта проверен</translation>
    </message>
    <message>
        <source>chip_not_verified</source>
        <extracomment>The passport's chip could not be verified</extracomment>
        <translation>Не удалось проверить чип паспорта</translation>
    </message>
    <message>
        <source>chip_mismatch</source>
        <extracomment>The chip and the printed page do not match</extracomment>
        <translation>Данные чипа не совпадают с данными на странице паспорта</translation>
    </message>
    <message>
        <source>chip_clerk</source>
        <extracomment>A member of staff will check your document</extracomment>
        <translation>Ваш документ проверит сотрудник</translation>
    </message>
    <message>
        <source>chip_no_reader</source>
        <extracomment>The chip reader is not connected</extracomment>
        <translation>Считыватель чипа не подключён</translation>
    </message>
    <message>
        <source>back</source>
        <extracomment>Back</extracomment>
        <translation>Назад</translation>
    </message>
    <message>
        <source>consent_decline</source>
        <extracomment>I do not agree</extracomment>
        <translation>Я не согласен(на)</translation>
    </message>
    <message>
        <source>cancel_confirm_title</source>
        <extracomment>Stop the registration?</extracomment>
        <translation>Прервать регистрацию?</translation>
    </message>
    <message>
        <source>cancel_confirm_text</source>
        <extracomment>What you entered so far will be deleted from this kiosk.</extracomment>
        <translation>Всё, что вы ввели, будет удалено с этого устройства.</translation>
    </message>
    <message>
        <source>cancel_confirm_yes</source>
        <extracomment>Yes, stop</extracomment>
        <translation>Да, прервать</translation>
    </message>
    <message>
        <source>cancel_confirm_no</source>
        <extracomment>No, continue</extracomment>
        <translation>Нет, продолжить</translation>
    </message>
    <message>
        <source>idle_title</source>
        <extracomment>Need more time?</extracomment>
        <translation>Нужно больше времени?</translation>
    </message>
    <message>
        <source>idle_text</source>
        <extracomment>The session ends in {n} s. Touch the screen to continue.</extracomment>
        <translation>Через {n} с сеанс завершится. Коснитесь экрана, чтобы продолжить.</translation>
    </message>
    <message>
        <source>idle_more</source>
        <extracomment>Yes, continue</extracomment>
        <translation>Да, продолжить</translation>
    </message>
    <message>
        <source>frozen_title</source>
        <extracomment>This kiosk is temporarily unavailable</extracomment>
        <translation>Киоск временно не работает</translation>
    </message>
    <message>
        <source>frozen_text</source>
        <extracomment>Please ask a member of staff at the counter.</extracomment>
        <translation>Обратитесь к сотруднику на кассе.</translation>
    </message>
    <message>
        <source>take_card</source>
        <extracomment>Take your ID card from the scanner.</extracomment>
        <translation>Заберите удостоверение личности со сканера.</translation>
    </message>
    <message>
        <source>reference_caption</source>
        <extracomment>Your reference</extracomment>
        <translation>Номер заявки</translation>
    </message>
    <message>
        <source>receipt_phone</source>
        <extracomment>Phone number: {number}</extracomment>
        <translation>Номер телефона: {number}</translation>
    </message>
    <message>
        <source>receipt_sim</source>
        <extracomment>SIM card: …{tail}</extracomment>
        <translation>SIM-карта: …{tail}</translation>
    </message>
    <message>
        <source>data_sent</source>
        <extracomment>Your signed registration was sent to the operator. Photos are not kept on this kiosk.</extracomment>
        <translation>Ваша подписанная заявка отправлена оператору. Фотографии на этом устройстве не хранятся.</translation>
    </message>
    <message>
        <source>data_kept_queued</source>
        <extracomment>Your registration is kept safely on this kiosk until it has been sent.</extracomment>
        <translation>Ваша заявка хранится на этом устройстве под защитой, пока не будет отправлена.</translation>
    </message>
    <message>
        <source>data_rejected</source>
        <extracomment>The registration is kept for a limited time so that staff can check it.</extracomment>
        <translation>Заявка хранится ограниченное время, чтобы сотрудник мог её проверить.</translation>
    </message>
    <message>
        <source>end_document</source>
        <extracomment>The document was not accepted</extracomment>
        <translation>Документ не принят</translation>
    </message>
    <message>
        <source>end_liveness</source>
        <extracomment>The face check did not pass</extracomment>
        <translation>Проверка лица не пройдена</translation>
    </message>
    <message>
        <source>end_no_match</source>
        <extracomment>Your face did not match the document photo</extracomment>
        <translation>Лицо не совпало с фото в документе</translation>
    </message>
    <message>
        <source>end_referred</source>
        <extracomment>A member of staff needs to check</extracomment>
        <translation>Нужна проверка сотрудником</translation>
    </message>
    <message>
        <source>end_review_refused</source>
        <extracomment>The registration was refused</extracomment>
        <translation>В регистрации отказано</translation>
    </message>
    <message>
        <source>end_cancelled</source>
        <extracomment>The registration was stopped</extracomment>
        <translation>Регистрация прервана</translation>
    </message>
    <message>
        <source>end_declined</source>
        <extracomment>You did not agree</extracomment>
        <translation>Согласие не дано</translation>
    </message>
    <message>
        <source>end_timed_out</source>
        <extracomment>Time ran out</extracomment>
        <translation>Время истекло</translation>
    </message>
    <message>
        <source>end_failed</source>
        <extracomment>A technical fault occurred</extracomment>
        <translation>Техническая ошибка</translation>
    </message>
    <message>
        <source>end_document_valid</source>
        <extracomment>Come back with a valid ID card, or ask at the counter.</extracomment>
        <translation>Приходите с действующим удостоверением или обратитесь на кассу.</translation>
    </message>
    <message>
        <source>end_declined_text</source>
        <extracomment>Without your consent the SIM card cannot be registered here. Staff at the counter can help.</extracomment>
        <translation>Без согласия зарегистрировать SIM-карту здесь нельзя. Вам помогут на кассе.</translation>
    </message>
    <message>
        <source>liveness_missed_blink</source>
        <extracomment>You did not blink in time</extracomment>
        <translation>Вы не моргнули вовремя</translation>
    </message>
    <message>
        <source>liveness_missed_turn_left</source>
        <extracomment>You did not turn your head left in time</extracomment>
        <translation>Вы не повернули голову влево вовремя</translation>
    </message>
    <message>
        <source>liveness_missed_turn_right</source>
        <extracomment>You did not turn your head right in time</extracomment>
        <translation>Вы не повернули голову вправо вовремя</translation>
    </message>
    <message>
        <source>liveness_missed_smile</source>
        <extracomment>You did not smile in time</extracomment>
        <translation>Вы не улыбнулись вовремя</translation>
    </message>
    <message>
        <source>liveness_missed_nod</source>
        <extracomment>You did not nod in time</extracomment>
        <translation>Вы не кивнули вовремя</translation>
    </message>
    <message>
        <source>diag_pin_title</source>
        <extracomment>Diagnostics — technician PIN</extracomment>
        <translation>Диагностика — PIN-код техника</translation>
    </message>
    <message>
        <source>diag_back</source>
        <extracomment>Back</extracomment>
        <translation>Назад</translation>
    </message>
    <message>
        <source>diag_open</source>
        <extracomment>Open</extracomment>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>diag_wrong_pin</source>
        <extracomment>Wrong PIN.</extracomment>
        <translation>Неверный PIN-код.</translation>
    </message>
    <message>
        <source>diag_pin_locked</source>
        <extracomment>Too many wrong PINs; wait a minute.</extracomment>
        <translation>Слишком много неверных PIN-кодов; подождите минуту.</translation>
    </message>
    <message>
        <source>diag_run_checks</source>
        <extracomment>Run checks</extracomment>
        <translation>Запустить проверки</translation>
    </message>
    <message>
        <source>diag_camera</source>
        <extracomment>Camera on/off</extracomment>
        <translation>Камера вкл/выкл</translation>
    </message>
    <message>
        <source>diag_export</source>
        <extracomment>Export bundle</extracomment>
        <translation>Выгрузить пакет</translation>
    </message>
    <message>
        <source>diag_close</source>
        <extracomment>Close</extracomment>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>diag_col_status</source>
        <extracomment>status</extracomment>
        <translation>статус</translation>
    </message>
    <message>
        <source>diag_col_check</source>
        <extracomment>check</extracomment>
        <translation>проверка</translation>
    </message>
    <message>
        <source>diag_col_detail</source>
        <extracomment>detail</extracomment>
        <translation>подробности</translation>
    </message>
    <message>
        <source>diag_camera_off</source>
        <extracomment>camera off</extracomment>
        <translation>камера выключена</translation>
    </message>
    <message>
        <source>diag_no_camera</source>
        <extracomment>no camera given</extracomment>
        <translation>камера не задана</translation>
    </message>
    <message>
        <source>diag_camera_starting</source>
        <extracomment>camera starting…</extracomment>
        <translation>камера запускается…</translation>
    </message>
    <message>
        <source>diag_stream_ended</source>
        <extracomment>camera stream ended</extracomment>
        <translation>поток камеры закончился</translation>
    </message>
    <message>
        <source>diag_camera_error</source>
        <extracomment>camera error: {error}</extracomment>
        <translation>ошибка камеры: {error}</translation>
    </message>
    <message>
        <source>diag_crash_files</source>
        <extracomment>Crash files</extracomment>
        <translation>Файлы сбоев</translation>
    </message>
    <message>
        <source>diag_no_crashes</source>
        <extracomment>(no crash files)</extracomment>
        <translation>(файлов сбоев нет)</translation>
    </message>
    <message>
        <source>diag_running</source>
        <extracomment>running checks…</extracomment>
        <translation>проверки выполняются…</translation>
    </message>
    <message>
        <source>diag_checks_done</source>
        <extracomment>{n} checks, {bad} failed</extracomment>
        <translation>проверок: {n}, с ошибкой: {bad}</translation>
    </message>
    <message>
        <source>diag_checks_error</source>
        <extracomment>checks could not run: {error}</extracomment>
        <translation>проверки не выполнены: {error}</translation>
    </message>
    <message>
        <source>diag_writing</source>
        <extracomment>writing the diagnostic bundle…</extracomment>
        <translation>диагностический пакет записывается…</translation>
    </message>
    <message>
        <source>diag_written</source>
        <extracomment>bundle written: {path}</extracomment>
        <translation>пакет записан: {path}</translation>
    </message>
    <message>
        <source>diag_write_failed</source>
        <extracomment>bundle could not be written: {error}</extracomment>
        <translation>пакет не записан: {error}</translation>
    </message>
</context>
<context>
    <name>outcomes</name>
    <message>
        <source>activated</source>
        <extracomment>Put the SIM card in your phone: you can use it right away.</extracomment>
        <translation>Вставьте SIM-карту в телефон: ею можно пользоваться сразу.</translation>
    </message>
    <message>
        <source>queued</source>
        <extracomment>Your registration is saved and will be sent automatically when the connection is back. You do not need to come back.</extracomment>
        <translation>Ваша заявка сохранена и будет отправлена автоматически, когда появится связь. Приходить ещё раз не нужно.</translation>
    </message>
    <message>
        <source>rejected</source>
        <extracomment>The operator refused the registration. Please go to the counter with your reference.</extracomment>
        <translation>Оператор отклонил заявку. Обратитесь на кассу с номером заявки.</translation>
    </message>
    <message>
        <source>document_refused</source>
        <extracomment>A SIM card cannot be activated with this document.</extracomment>
        <translation>С этим документом активировать SIM-карту нельзя.</translation>
    </message>
    <message>
        <source>liveness_failed</source>
        <extracomment>Please ask a member of staff: they can complete the check at the counter.</extracomment>
        <translation>Обратитесь к сотруднику: он сможет завершить проверку на кассе.</translation>
    </message>
    <message>
        <source>no_match</source>
        <extracomment>Please ask a member of staff: they will check your document at the counter.</extracomment>
        <translation>Обратитесь к сотруднику: он проверит ваш документ на кассе.</translation>
    </message>
    <message>
        <source>referred</source>
        <extracomment>Please go to the counter with your ID card and the SIM card pack.</extracomment>
        <translation>Подойдите на кассу с удостоверением личности и упаковкой SIM-карты.</translation>
    </message>
    <message>
        <source>review_refused</source>
        <extracomment>If you have questions, please ask the member of staff.</extracomment>
        <translation>Если у вас есть вопросы, обратитесь к сотруднику.</translation>
    </message>
    <message>
        <source>frozen</source>
        <extracomment>This kiosk is temporarily out of service. Please go to the counter.</extracomment>
        <translation>Киоск временно не работает. Подойдите к кассе.</translation>
    </message>
    <message>
        <source>cancelled</source>
        <extracomment>You can start again at any time.</extracomment>
        <translation>Вы можете начать заново в любое время.</translation>
    </message>
    <message>
        <source>timed_out</source>
        <extracomment>The session ended because nothing happened for a while. You can start again.</extracomment>
        <translation>Сеанс завершён, потому что долго не было действий. Можно начать заново.</translation>
    </message>
    <message>
        <source>failed</source>
        <extracomment>We are sorry, something went wrong. Please ask a member of staff.</extracomment>
        <translation>Приносим извинения, что-то пошло не так. Обратитесь к сотруднику.</translation>
    </message>
</context>
<context>
    <name>problems</name>
    <message>
        <source>expired</source>
        <extracomment>The document has expired.</extracomment>
        <translation>Срок действия документа истёк.</translation>
    </message>
    <message>
        <source>under_age</source>
        <extracomment>The holder is below the minimum age.</extracomment>
        <translation>Владелец моложе допустимого возраста.</translation>
    </message>
    <message>
        <source>mrz_check_failed</source>
        <extracomment>The document's check digits do not add up.</extracomment>
        <translation>Контрольные цифры документа не сходятся.</translation>
    </message>
    <message>
        <source>mrz_unreadable</source>
        <extracomment>The lines at the bottom of the document could not be read.</extracomment>
        <translation>Не удалось прочитать нижние строки документа.</translation>
    </message>
    <message>
        <source>mrz_not_found</source>
        <extracomment>The lines at the bottom of the document were not found.</extracomment>
        <translation>Нижние строки документа не найдены.</translation>
    </message>
    <message>
        <source>mrz_format</source>
        <extracomment>The lines at the bottom of the document are not in the right format.</extracomment>
        <translation>Нижние строки документа имеют неверный формат.</translation>
    </message>
    <message>
        <source>birth_date_unknown</source>
        <extracomment>The date of birth could not be read.</extracomment>
        <translation>Не удалось прочитать дату рождения.</translation>
    </message>
    <message>
        <source>expiry_unknown</source>
        <extracomment>The expiry date could not be read.</extracomment>
        <translation>Не удалось прочитать срок действия.</translation>
    </message>
    <message>
        <source>iin_missing</source>
        <extracomment>No IIN was found on the document.</extracomment>
        <translation>В документе не найден ИИН.</translation>
    </message>
    <message>
        <source>iin_invalid</source>
        <extracomment>The IIN is not valid.</extracomment>
        <translation>ИИН недействителен.</translation>
    </message>
    <message>
        <source>iin_mismatch</source>
        <extracomment>The IIN does not agree with the birth date or sex.</extracomment>
        <translation>ИИН не совпадает с датой рождения или полом.</translation>
    </message>
    <message>
        <source>foreign_document</source>
        <extracomment>Foreign document: a member of staff must check it.</extracomment>
        <translation>Иностранный документ: нужна проверка сотрудником.</translation>
    </message>
    <message>
        <source>issuer_refused</source>
        <extracomment>Documents from this country are not accepted.</extracomment>
        <translation>Документы этой страны не принимаются.</translation>
    </message>
    <message>
        <source>no_portrait</source>
        <extracomment>The photo on the document was not found.</extracomment>
        <translation>Фотография в документе не найдена.</translation>
    </message>
    <message>
        <source>no_face</source>
        <extracomment>No face is visible.</extracomment>
        <translation>Лицо не видно.</translation>
    </message>
    <message>
        <source>two_faces</source>
        <extracomment>Only one person may be in view.</extracomment>
        <translation>В кадре должен быть один человек.</translation>
    </message>
    <message>
        <source>face_too_small</source>
        <extracomment>Come closer to the camera.</extracomment>
        <translation>Подойдите ближе к камере.</translation>
    </message>
    <message>
        <source>too_dark</source>
        <extracomment>It is too dark.</extracomment>
        <translation>Слишком темно.</translation>
    </message>
    <message>
        <source>too_bright</source>
        <extracomment>It is too bright.</extracomment>
        <translation>Слишком светло.</translation>
    </message>
    <message>
        <source>blurry</source>
        <extracomment>The picture is blurry.</extracomment>
        <translation>Изображение размыто.</translation>
    </message>
    <message>
        <source>not_frontal</source>
        <extracomment>Look straight at the camera.</extracomment>
        <translation>Смотрите прямо в камеру.</translation>
    </message>
    <message>
        <source>different_faces</source>
        <extracomment>The faces seen belong to different people.</extracomment>
        <translation>Лица в кадре принадлежат разным людям.</translation>
    </message>
    <message>
        <source>face_match_review</source>
        <extracomment>The face match is borderline: compare for yourself.</extracomment>
        <translation>Сходство лица пограничное: сравните сами.</translation>
    </message>
    <message>
        <source>liveness_failed</source>
        <extracomment>The liveness check did not pass.</extracomment>
        <translation>Проверка живого присутствия не пройдена.</translation>
    </message>
    <message>
        <source>iin_required</source>
        <extracomment>The document carries no IIN: enter the customer's IIN.</extracomment>
        <translation>В документе нет ИИН: введите ИИН клиента.</translation>
    </message>
    <message>
        <source>chip_mrz_mismatch</source>
        <extracomment>The data in the chip does not match the document page.</extracomment>
        <translation>Данные в чипе не совпадают с данными на странице документа.</translation>
    </message>
    <message>
        <source>chip_access_denied</source>
        <extracomment>The lines on the document page did not open the chip.</extracomment>
        <translation>Строки на странице документа не открыли чип.</translation>
    </message>
    <message>
        <source>chip_dg_hash_mismatch</source>
        <extracomment>The data in the chip has been altered.</extracomment>
        <translation>Данные в чипе были изменены.</translation>
    </message>
    <message>
        <source>chip_dg_hash_missing</source>
        <extracomment>The data in the chip is not covered by the signature.</extracomment>
        <translation>Данные в чипе не подтверждены подписью.</translation>
    </message>
    <message>
        <source>chip_sod_invalid</source>
        <extracomment>The chip's security file is damaged.</extracomment>
        <translation>Файл безопасности чипа повреждён.</translation>
    </message>
    <message>
        <source>chip_sod_signature_invalid</source>
        <extracomment>The chip's signature is not valid.</extracomment>
        <translation>Подпись чипа недействительна.</translation>
    </message>
    <message>
        <source>chip_signer_untrusted</source>
        <extracomment>The chip was signed by an authority that is not trusted.</extracomment>
        <translation>Подписавший чип орган не является доверенным.</translation>
    </message>
    <message>
        <source>chip_signer_missing</source>
        <extracomment>The chip carries no signer certificate.</extracomment>
        <translation>В чипе нет сертификата подписавшего.</translation>
    </message>
    <message>
        <source>chip_signer_revoked</source>
        <extracomment>The chip signer's certificate has been revoked.</extracomment>
        <translation>Сертификат подписавшего чип отозван.</translation>
    </message>
    <message>
        <source>chip_signer_expired</source>
        <extracomment>The chip signer's certificate has expired.</extracomment>
        <translation>Срок действия сертификата подписавшего чип истёк.</translation>
    </message>
    <message>
        <source>chip_signer_not_yet_valid</source>
        <extracomment>The chip signer's certificate is not valid yet.</extracomment>
        <translation>Сертификат подписавшего чип ещё не действует.</translation>
    </message>
    <message>
        <source>chip_crl_stale</source>
        <extracomment>The list of revoked certificates for this country is out of date: a clerk checks the document.</extracomment>
        <translation>Список отозванных сертификатов этой страны устарел: документ проверит сотрудник.</translation>
    </message>
    <message>
        <source>chip_csca_missing</source>
        <extracomment>The issuing country's certificate is not installed: a clerk checks the document.</extracomment>
        <translation>Сертификат страны выдачи не установлен: документ проверит сотрудник.</translation>
    </message>
    <message>
        <source>chip_csca_expired</source>
        <extracomment>The issuing country's certificate has expired.</extracomment>
        <translation>Срок действия сертификата страны выдачи истёк.</translation>
    </message>
    <message>
        <source>chip_active_auth_failed</source>
        <extracomment>The chip does not appear to be genuine (it may be a copy).</extracomment>
        <translation>Чип, по-видимому, не подлинный (возможно, копия).</translation>
    </message>
    <message>
        <source>chip_auth_failed</source>
        <extracomment>The chip does not appear to be genuine (it may be a copy).</extracomment>
        <translation>Чип, по-видимому, не подлинный (возможно, копия).</translation>
    </message>
    <message>
        <source>chip_card_removed</source>
        <extracomment>The passport was lifted during reading. Place it again and keep it still.</extracomment>
        <translation>Паспорт убрали во время чтения. Положите его снова и не двигайте.</translation>
    </message>
    <message>
        <source>chip_no_card</source>
        <extracomment>No document with a chip was found on the reader.</extracomment>
        <translation>На считывателе не найден документ с чипом.</translation>
    </message>
    <message>
        <source>chip_not_read</source>
        <extracomment>The document's chip was not read, and it is required.</extracomment>
        <translation>Чип документа не прочитан, а это обязательно.</translation>
    </message>
    <message>
        <source>chip_not_emrtd</source>
        <extracomment>The card on the reader is not a passport chip.</extracomment>
        <translation>Карта на считывателе не является чипом паспорта.</translation>
    </message>
    <message>
        <source>chip_file_missing</source>
        <extracomment>The chip lacks data it should hold.</extracomment>
        <translation>В чипе нет нужных данных.</translation>
    </message>
    <message>
        <source>chip_file_invalid</source>
        <extracomment>The data in the chip cannot be read.</extracomment>
        <translation>Данные в чипе не читаются.</translation>
    </message>
    <message>
        <source>chip_secure_messaging_failed</source>
        <extracomment>The connection to the chip broke. Place the passport again.</extracomment>
        <translation>Связь с чипом прервалась. Положите паспорт снова.</translation>
    </message>
    <message>
        <source>chip_protocol_error</source>
        <extracomment>The connection to the chip broke. Place the passport again.</extracomment>
        <translation>Связь с чипом прервалась. Положите паспорт снова.</translation>
    </message>
    <message>
        <source>chip_reader_absent</source>
        <extracomment>The chip reader is not connected.</extracomment>
        <translation>Считыватель чипа не подключён.</translation>
    </message>
    <message>
        <source>chip_reader_error</source>
        <extracomment>The chip reader is not working.</extracomment>
        <translation>Считыватель чипа не работает.</translation>
    </message>
    <message>
        <source>printed_portrait_mismatch</source>
        <extracomment>The photo on the document page does not match the chip's.</extracomment>
        <translation>Фото на странице документа не совпадает с фото в чипе.</translation>
    </message>
    <message>
        <source>mrz_unknown_state</source>
        <extracomment>The country code on the document is unknown: a clerk checks it.</extracomment>
        <translation>Код страны в документе неизвестен: документ проверит сотрудник.</translation>
    </message>
    <message>
        <source>unknown</source>
        <extracomment>The document cannot be accepted.</extracomment>
        <translation>Документ не может быть принят.</translation>
    </message>
</context>
<context>
    <name>prompts</name>
    <message>
        <source>blink</source>
        <extracomment>Blink</extracomment>
        <translation>Моргните</translation>
    </message>
    <message>
        <source>turn_left</source>
        <extracomment>Turn your head left</extracomment>
        <translation>Поверните голову влево</translation>
    </message>
    <message>
        <source>turn_right</source>
        <extracomment>Turn your head right</extracomment>
        <translation>Поверните голову вправо</translation>
    </message>
    <message>
        <source>smile</source>
        <extracomment>Smile</extracomment>
        <translation>Улыбнитесь</translation>
    </message>
    <message>
        <source>nod</source>
        <extracomment>Nod your head</extracomment>
        <translation>Кивните головой</translation>
    </message>
</context>
<context>
    <name>guidance</name>
    <message>
        <source>move_closer</source>
        <extracomment>Come closer</extracomment>
        <translation>Подойдите ближе</translation>
    </message>
    <message>
        <source>move_back</source>
        <extracomment>Step back a little</extracomment>
        <translation>Отойдите немного</translation>
    </message>
    <message>
        <source>center_face</source>
        <extracomment>Put your face in the middle of the frame</extracomment>
        <translation>Поместите лицо в центр рамки</translation>
    </message>
    <message>
        <source>no_face</source>
        <extracomment>We cannot see your face</extracomment>
        <translation>Лицо не видно</translation>
    </message>
    <message>
        <source>second_face</source>
        <extracomment>Only one person in view, please</extracomment>
        <translation>В кадре должен быть один человек</translation>
    </message>
    <message>
        <source>two_faces</source>
        <extracomment>Only one person in view, please</extracomment>
        <translation>В кадре должен быть один человек</translation>
    </message>
    <message>
        <source>hold_still</source>
        <extracomment>Hold still</extracomment>
        <translation>Не двигайтесь</translation>
    </message>
    <message>
        <source>more_light</source>
        <extracomment>Not enough light</extracomment>
        <translation>Недостаточно света</translation>
    </message>
    <message>
        <source>look_at_camera</source>
        <extracomment>Look at the camera</extracomment>
        <translation>Посмотрите в камеру</translation>
    </message>
    <message>
        <source>one_person</source>
        <extracomment>Only one person in view, please</extracomment>
        <translation>В кадре должен быть один человек</translation>
    </message>
    <message>
        <source>too_dark</source>
        <extracomment>Too dark, move to more light</extracomment>
        <translation>Слишком темно, встаньте, где светлее</translation>
    </message>
    <message>
        <source>backlight</source>
        <extracomment>Too much light behind you</extracomment>
        <translation>Слишком яркий свет за спиной</translation>
    </message>
    <message>
        <source>too_bright</source>
        <extracomment>Too bright</extracomment>
        <translation>Слишком ярко</translation>
    </message>
    <message>
        <source>blurry</source>
        <extracomment>Hold still</extracomment>
        <translation>Не двигайтесь</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>surname</source>
        <extracomment>Surname</extracomment>
        <translation>Фамилия</translation>
    </message>
    <message>
        <source>given_names</source>
        <extracomment>Given names</extracomment>
        <translation>Имя</translation>
    </message>
    <message>
        <source>document_number</source>
        <extracomment>Document number</extracomment>
        <translation>Номер документа</translation>
    </message>
    <message>
        <source>iin</source>
        <extracomment>IIN</extracomment>
        <translation>ИИН</translation>
    </message>
    <message>
        <source>birth_date</source>
        <extracomment>Date of birth</extracomment>
        <translation>Дата рождения</translation>
    </message>
    <message>
        <source>expiry_date</source>
        <extracomment>Expiry date</extracomment>
        <translation>Действителен до</translation>
    </message>
    <message>
        <source>sex</source>
        <extracomment>Sex</extracomment>
        <translation>Пол</translation>
    </message>
    <message>
        <source>nationality</source>
        <extracomment>Nationality</extracomment>
        <translation>Гражданство</translation>
    </message>
    <message>
        <source>issuer</source>
        <extracomment>Issuing country</extracomment>
        <translation>Страна выдачи</translation>
    </message>
    <message>
        <source>document_type</source>
        <extracomment>Document type</extracomment>
        <translation>Тип документа</translation>
    </message>
    <message>
        <source>number</source>
        <extracomment>Document number</extracomment>
        <translation>Номер документа</translation>
    </message>
</context>
</TS>
