<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AutosaveStore</name>
    <message>
        <source>%1 (%2, %3): cannot be read: %4</source>
        <translation>%1 (%2, %3): nicht lesbar: %4</translation>
    </message>
    <message>
        <source>%1, saved %2: %3 (%4, %5)</source>
        <extracomment>%1 model, %2 date and time, %3 what it holds (&quot;B&apos; (...), pruning curve&quot;), %4 size, %5 file</extracomment>
        <translation>%1, gespeichert am %2: %3 (%4, %5)</translation>
    </message>
    <message>
        <source>Could not create the autosave folder %1</source>
        <translation>Der Ordner für die automatische Speicherung %1 konnte nicht erstellt werden</translation>
    </message>
    <message>
        <source>Could not lock %1 (error %2)</source>
        <translation>%1 konnte nicht gesperrt werden (Fehler %2)</translation>
    </message>
    <message>
        <source>%1 is not an autosave offered for restoring</source>
        <translation>%1 ist keine zur Wiederherstellung angebotene automatische Speicherung</translation>
    </message>
    <message>
        <source>Could not delete %1: %2</source>
        <translation>%1 konnte nicht gelöscht werden: %2</translation>
    </message>
    <message>
        <source>not a session file</source>
        <translation>keine Sitzungsdatei</translation>
    </message>
    <message>
        <source>demo zoo model %1</source>
        <translation>Modell %1 des Demo-Zoos</translation>
    </message>
    <message>
        <source>B&apos;</source>
        <translation>B&apos;</translation>
    </message>
    <message>
        <source>B&apos; (%1)</source>
        <translation>B&apos; (%1)</translation>
    </message>
    <message>
        <source>pruning curve</source>
        <translation>Pruning-Kurve</translation>
    </message>
    <message numerus="yes">
        <source>LR sweep of %n cell(s)</source>
        <translation>
            <numerusform>LR-Sweep mit %n Zelle</numerusform>
            <numerusform>LR-Sweep mit %n Zellen</numerusform>
        </translation>
    </message>
    <message>
        <source>STRIP run</source>
        <translation>STRIP-Lauf</translation>
    </message>
    <message>
        <source>goodnets</source>
        <translation>Goodnets</translation>
    </message>
    <message numerus="yes">
        <source>%n comparison row(s)</source>
        <translation>
            <numerusform>%n Vergleichszeile</numerusform>
            <numerusform>%n Vergleichszeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>the workspace only</source>
        <translation>nur der Arbeitsbereich</translation>
    </message>
</context>
<context>
    <name>bdl::app::ActivationView</name>
    <message>
        <source>Activations appear once the pruning curve is in.</source>
        <translation>Aktivierungen erscheinen, sobald die Pruning-Kurve vorliegt.</translation>
    </message>
    <message>
        <source>Poisoned set</source>
        <translation>Vergifteter Datensatz</translation>
    </message>
    <message>
        <source>Layer %1: B only (no repaired model yet)</source>
        <translation>Schicht %1: nur B (noch kein repariertes Modell)</translation>
    </message>
    <message>
        <source>Layer %1: B before and B&apos; after fine-pruning</source>
        <translation>Schicht %1: B vor und B&apos; nach dem Fine-Pruning</translation>
    </message>
    <message>
        <source>B, clean: %1</source>
        <translation>B, sauber: %1</translation>
    </message>
    <message>
        <source>B, poisoned: %1</source>
        <translation>B, vergiftet: %1</translation>
    </message>
    <message>
        <source>B&apos;, clean: %1</source>
        <translation>B&apos;, sauber: %1</translation>
    </message>
    <message>
        <source>B&apos;, poisoned: %1</source>
        <translation>B&apos;, vergiftet: %1</translation>
    </message>
    <message>
        <source>The poisoned set whose activations and feature maps are shown beside the clean test set&apos;s. Default: the first poisoned set.</source>
        <translation>Der vergiftete Datensatz, dessen Aktivierungen und Feature-Maps neben denen des sauberen Testdatensatzes gezeigt werden. Standard: der erste vergiftete Datensatz.</translation>
    </message>
</context>
<context>
    <name>bdl::app::AuditView</name>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>CCA</source>
        <translation>CCA</translation>
    </message>
    <message>
        <source>Max ASR</source>
        <translation>Max. ASR</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>Vertrauen</translation>
    </message>
    <message>
        <source>Pruning-aware</source>
        <translation>Pruning-resistent</translation>
    </message>
    <message>
        <source>STRIP FRR</source>
        <translation>STRIP-FRR</translation>
    </message>
    <message>
        <source>STRIP FAR (worst)</source>
        <translation>STRIP-FAR (schlechtester)</translation>
    </message>
    <message>
        <source>STRIP AUROC (worst)</source>
        <translation>STRIP-AUROC (schlechtester)</translation>
    </message>
    <message>
        <source>The highest attack success rate over the poisoned sets; each set&apos;s in the cell&apos;s tooltip</source>
        <translation>Die höchste Angriffserfolgsrate über die vergifteten Datensätze; die jedes Datensatzes im Tooltip der Zelle</translation>
    </message>
    <message>
        <source>Pruning-aware (Liu et al.): the backdoor survives pruning the channels that are dormant on clean data</source>
        <translation>Pruning-resistent (Liu et al.): die Hintertür übersteht das Entfernen der Kanäle, die auf sauberen Daten ruhen</translation>
    </message>
    <message>
        <source>The highest FAR over the poisoned sets (poisoned inputs STRIP lets through)</source>
        <translation>Die höchste FAR über die vergifteten Datensätze (vergiftete Eingaben, die STRIP durchlässt)</translation>
    </message>
    <message>
        <source>The lowest AUROC over the poisoned sets</source>
        <translation>Die niedrigste AUROC über die vergifteten Datensätze</translation>
    </message>
    <message>
        <source>models: %1</source>
        <translation>Modelle: %1</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>Seed %1</translation>
    </message>
    <message>
        <source>STRIP N = %1</source>
        <translation>STRIP N = %1</translation>
    </message>
    <message>
        <source>STRIP N = %1 (%2 blend)</source>
        <translation>STRIP N = %1 (%2-Überblendung)</translation>
    </message>
    <message>
        <source>threshold rule %1</source>
        <translation>Schwellenwertregel %1</translation>
    </message>
    <message>
        <source>threshold rule %1 at FRR %2 %</source>
        <translation>Schwellenwertregel %1 bei FRR %2 %</translation>
    </message>
    <message>
        <source>%1 inputs sampled per set</source>
        <translation>%1 Eingaben pro Datensatz gezogen</translation>
    </message>
    <message>
        <source>CCA on %1 clean inputs</source>
        <translation>CCA auf %1 sauberen Eingaben</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>STRIP with N = %1, threshold %2</source>
        <translation>STRIP mit N = %1, Schwellenwert %2</translation>
    </message>
    <message>
        <source>no STRIP in this audit</source>
        <translation>kein STRIP in diesem Audit</translation>
    </message>
    <message>
        <source>Select a model to see its pruning curve.</source>
        <translation>Ein Modell auswählen, um seine Pruning-Kurve zu sehen.</translation>
    </message>
    <message>
        <source>%1: no pruning curve in this audit</source>
        <translation>%1: keine Pruning-Kurve in diesem Audit</translation>
    </message>
    <message>
        <source>Pruning curve of %1 (layer %2, %3 channels, pruned alone without fine-tuning); pruning-aware: %4</source>
        <translation>Pruning-Kurve von %1 (Schicht %2, %3 Kanäle, nur entfernt, ohne Fine-Tuning); Pruning-resistent: %4</translation>
    </message>
    <message>
        <source>partly</source>
        <translation>teilweise</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>The audit&apos;s verdict: whether the model can be trusted as it is (yes, partly, no or unknown); the reasons in the cell&apos;s tooltip</source>
        <translation>Das Urteil des Audits: ob dem Modell so, wie es ist, vertraut werden kann (ja, teilweise, nein oder unbekannt); die Gründe im Tooltip der Zelle</translation>
    </message>
    <message>
        <source>k* = %1 channels pruned</source>
        <translation>k* = %1 entfernte Kanäle</translation>
    </message>
</context>
<context>
    <name>bdl::app::CandidatesPanel</name>
    <message>
        <source>B&apos; candidates</source>
        <translation>Kandidaten für B&apos;</translation>
    </message>
    <message>
        <source>Make current</source>
        <translation>Als aktuelles verwenden</translation>
    </message>
    <message>
        <source>Make the selected candidate the repaired model B&apos; again</source>
        <translation>Den ausgewählten Kandidaten wieder zum reparierten Modell B&apos; machen</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>Exportieren...</translation>
    </message>
    <message>
        <source>Write the selected candidate as Keras .h5 weights or TorchScript .pt; B&apos; stays as it is</source>
        <translation>Den ausgewählten Kandidaten als Keras-.h5-Gewichte oder TorchScript-.pt schreiben; B&apos; bleibt unverändert</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>Erstellt durch</translation>
    </message>
    <message>
        <source>k</source>
        <translation>k</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>lr</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>CCA %</source>
        <translation>CCA %</translation>
    </message>
    <message>
        <source>ASR %
%1</source>
        <translation>ASR %
%1</translation>
    </message>
    <message>
        <source>How it was made</source>
        <translation>Wie es entstand</translation>
    </message>
    <message>
        <source>%1 (current)</source>
        <translation>%1 (aktuell)</translation>
    </message>
    <message>
        <source>B&apos; candidate #%1: %2</source>
        <translation>Kandidat Nr. %1 für B&apos;: %2</translation>
    </message>
    <message>
        <source>
In-sample: fine-tuned on the clean test set its CCA is measured on</source>
        <translation>
In-Sample: Fine-Tuning auf dem sauberen Testdatensatz, auf dem seine CCA gemessen wird</translation>
    </message>
    <message>
        <source>
The current repaired model B&apos;</source>
        <translation>
Das aktuelle reparierte Modell B&apos;</translation>
    </message>
    <message>
        <source>Export B&apos; candidate #%1</source>
        <translation>Kandidat Nr. %1 für B&apos; exportieren</translation>
    </message>
    <message>
        <source>There is no B&apos; candidate #%1 to export</source>
        <translation>Es gibt keinen Kandidaten Nr. %1 für B&apos; zum Exportieren</translation>
    </message>
    <message>
        <source>Cannot export B&apos; to %1: use .h5 (Keras) or .pt (TorchScript)</source>
        <translation>Export von B&apos; nach %1 nicht möglich: .h5 (Keras) oder .pt (TorchScript) verwenden</translation>
    </message>
</context>
<context>
    <name>bdl::app::CommandLineText</name>
    <message>
        <source>Clean test data (CCA): CSAW .h5, image folder or IDX.</source>
        <translation>Saubere Testdaten (CCA): CSAW-.h5, Bildordner oder IDX.</translation>
    </message>
    <message>
        <source>PATH</source>
        <translation>PFAD</translation>
    </message>
    <message>
        <source>Clean data for ranking channels and fine-tuning.</source>
        <translation>Saubere Daten für die Rangfolge der Kanäle und das Fine-Tuning.</translation>
    </message>
    <message>
        <source>A poisoned set and its attack target (repeatable).</source>
        <translation>Ein vergifteter Datensatz und sein Angriffsziel (wiederholbar).</translation>
    </message>
    <message>
        <source>PATH[:TARGET]</source>
        <translation>PFAD[:ZIEL]</translation>
    </message>
    <message>
        <source>Input scale: auto (default), 1/255 or raw.</source>
        <translation>Eingabeskalierung: auto (Standard), 1/255 oder raw.</translation>
    </message>
    <message>
        <source>SCALE</source>
        <translation>SKALIERUNG</translation>
    </message>
    <message>
        <source>Architecture of a weights-only file, e.g. csaw-badnet.</source>
        <translation>Architektur einer reinen Gewichtsdatei, z. B. csaw-badnet.</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>The demo zoo folder (default: the user data folder).</source>
        <translation>Der Ordner des Demo-Zoos (Standard: der Benutzerdatenordner).</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>VERZ</translation>
    </message>
    <message>
        <source>Fail instead of building an absent demo zoo.</source>
        <translation>Fehler melden, statt einen fehlenden Demo-Zoo zu erstellen.</translation>
    </message>
    <message>
        <source>Seed of the validation split (Liu et al.).</source>
        <translation>Seed der Validierungsaufteilung (Liu et al.).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>LibTorch threads of the worker (default: every core).</source>
        <translation>LibTorch-Threads des Workers (Standard: alle Kerne).</translation>
    </message>
    <message>
        <source>Where models run: cpu (default), cuda or cuda:N (a build against a CUDA LibTorch).</source>
        <translation>Wo Modelle rechnen: cpu (Standard), cuda oder cuda:N (ein Build gegen eine CUDA-LibTorch).</translation>
    </message>
    <message>
        <source>DEVICE</source>
        <translation>DEVICE</translation>
    </message>
    <message>
        <source>Render the window once the pruning curve is in, save it as PNG and quit.</source>
        <translation>Das Fenster rendern, sobald die Pruning-Kurve vorliegt, als PNG speichern und beenden.</translation>
    </message>
    <message>
        <source>FILE.png</source>
        <translation>DATEI.png</translation>
    </message>
    <message>
        <source>Log job times, slider latency and GUI-thread stalls to stderr.</source>
        <translation>Job-Laufzeiten, Schieberegler-Latenz und Blockaden des GUI-Threads auf stderr protokollieren.</translation>
    </message>
    <message>
        <source>Language of the window: %1 (default: the one chosen in the settings, else the system&apos;s).</source>
        <translation>Sprache des Fensters: %1 (Standard: die in den Einstellungen gewählte, sonst die des Systems).</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CODE</translation>
    </message>
    <message>
        <source>--%1 needs a whole number &gt;= 0, got &apos;%2&apos;</source>
        <translation>--%1 erwartet eine ganze Zahl &gt;= 0, erhalten: &apos;%2&apos;</translation>
    </message>
    <message>
        <source>BackdoorLab: inspect and repair backdoored neural networks (fine-pruning).</source>
        <translation>BackdoorLab: Neuronale Netze mit Backdoor untersuchen und reparieren (Fine-Pruning).</translation>
    </message>
    <message>
        <source>Displays this help.</source>
        <translation>Zeigt diese Hilfe an.</translation>
    </message>
    <message>
        <source>Keras .h5 model under test, or zoo:ID (default zoo:patch), or a saved session (.bdlsession) to reopen.</source>
        <translation>Zu prüfendes Keras-.h5-Modell, oder zoo:ID (Standard zoo:patch), oder eine gespeicherte Sitzung (.bdlsession) zum erneuten Öffnen.</translation>
    </message>
    <message>
        <source>[MODEL.h5 | zoo:ID | FILE.bdlsession]</source>
        <translation>[MODELL.h5 | zoo:ID | DATEI.bdlsession]</translation>
    </message>
    <message>
        <source>one model at most, got: %1</source>
        <translation>höchstens ein Modell, erhalten: %1</translation>
    </message>
    <message>
        <source>--scale must be auto, 1/255 or raw, got &apos;%1&apos;</source>
        <translation>--scale muss auto, 1/255 oder raw sein, erhalten: &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--lang must be one of %1, got &apos;%2&apos;</source>
        <translation>--lang muss eines von %1 sein, erhalten: &apos;%2&apos;</translation>
    </message>
    <message>
        <source>--view must be one of %1, got &apos;%2&apos;</source>
        <translation>--view muss eines von %1 sein, erhalten: &apos;%2&apos;</translation>
    </message>
    <message>
        <source>Input H,W,C of a TorchScript model when the file does not fix it.</source>
        <translation>Eingabe H,W,C eines TorchScript-Modells, wenn die Datei sie nicht festlegt.</translation>
    </message>
    <message>
        <source>H,W,C</source>
        <translation>H,B,K</translation>
    </message>
    <message>
        <source>Per-channel input normalization after the scale: none, cifar10, imagenet or mean=M1,M2,M3;std=S1,S2,S3.</source>
        <translation>Kanalweise Normalisierung der Eingabe nach der Skalierung: none, cifar10, imagenet oder mean=M1,M2,M3;std=S1,S2,S3.</translation>
    </message>
    <message>
        <source>With --screenshot: the view to show: %1 (default fine-pruning), or all (every view, FILE-VIEW.png each).</source>
        <translation>Mit --screenshot: die anzuzeigende Ansicht: %1 (Standard: fine-pruning), oder all (jede Ansicht, jeweils DATEI-ANSICHT.png).</translation>
    </message>
    <message>
        <source>The window&apos;s size, e.g. 1280x800 (default 1440x900), for --screenshot at a common screen size.</source>
        <translation>Die Größe des Fensters, z. B. 1280x800 (Standard 1440x900), für --screenshot in einer üblichen Bildschirmgröße.</translation>
    </message>
    <message>
        <source>WxH</source>
        <translation>BxH</translation>
    </message>
    <message>
        <source>--size must be WIDTHxHEIGHT between 640x480 and 8192x8192, got &apos;%1&apos;</source>
        <translation>--size muss BREITExHÖHE zwischen 640x480 und 8192x8192 sein, erhalten: &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Inference precision: fp32 (default) or bf16 (kept only where it gives float32&apos;s top class on the clean test data).</source>
        <translation>Rechengenauigkeit der Inferenz: fp32 (Standard) oder bf16 (nur beibehalten, wo es auf den sauberen Testdaten dieselbe Top-Klasse wie float32 ergibt).</translation>
    </message>
    <message>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <source>--precision must be fp32 or bf16, got &apos;%1&apos;</source>
        <translation>--precision muss fp32 oder bf16 sein, erhalten: &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--device must be cpu, cuda or cuda:N, got &apos;%1&apos;</source>
        <translation>--device muss cpu, cuda oder cuda:N sein, erhalten: &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Show a result file of backdoorlab-cli sweep, strip or audit (--json) or merge in a window of its own; without MODEL no workspace is opened. With --screenshot, that window is the picture.</source>
        <translation>Eine Ergebnisdatei von backdoorlab-cli sweep, strip oder audit (--json) oder merge in einem eigenen Fenster zeigen; ohne MODELL wird kein Arbeitsbereich geöffnet. Mit --screenshot ist dieses Fenster das Bild.</translation>
    </message>
    <message>
        <source>FILE.json</source>
        <translation>DATEI.json</translation>
    </message>
    <message>
        <source>--result needs a file name</source>
        <translation>--result braucht einen Dateinamen</translation>
    </message>
</context>
<context>
    <name>bdl::app::ComparisonView</name>
    <message>
        <source>STRIP</source>
        <translation>STRIP</translation>
    </message>
    <message>
        <source>Attack</source>
        <translation>Angriff</translation>
    </message>
    <message>
        <source>Poisoned set</source>
        <translation>Vergifteter Datensatz</translation>
    </message>
    <message>
        <source>STRIP CCA %</source>
        <translation>STRIP CCA %</translation>
    </message>
    <message>
        <source>STRIP ASR %</source>
        <translation>STRIP ASR %</translation>
    </message>
    <message>
        <source>B&apos; CCA %</source>
        <translation>B&apos; CCA %</translation>
    </message>
    <message>
        <source>B&apos; ASR %</source>
        <translation>B&apos; ASR %</translation>
    </message>
    <message>
        <source>G CCA %</source>
        <translation>G CCA %</translation>
    </message>
    <message>
        <source>G ASR %</source>
        <translation>G ASR %</translation>
    </message>
    <message>
        <source>G&apos; CCA %</source>
        <translation>G&apos; CCA %</translation>
    </message>
    <message>
        <source>G&apos; ASR %</source>
        <translation>G&apos; ASR %</translation>
    </message>
    <message>
        <source>Pruning-aware</source>
        <translation>Pruning-resistent</translation>
    </message>
    <message>
        <source>Compute goodnets</source>
        <translation>Goodnets berechnen</translation>
    </message>
    <message>
        <source>Scores B, B&apos;, G(B, B&apos;) and G&apos;(B0, B&apos;) on the test sets; needs a repaired model B&apos;</source>
        <translation>Bewertet B, B&apos;, G(B, B&apos;) und G&apos;(B0, B&apos;) auf den Testdatensätzen; erfordert ein repariertes Modell B&apos;</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>Zeile entfernen</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>k0 (channels of B0)</source>
        <translation>k0 (Kanäle von B0)</translation>
    </message>
    <message>
        <source>The goodnets need a repaired model B&apos;: fine-tune first (Fine-pruning tab)</source>
        <translation>Die Goodnets erfordern ein repariertes Modell B&apos;: zuerst Fine-Tuning durchführen (Tab Fine-Pruning)</translation>
    </message>
    <message>
        <source>Open a workspace, run STRIP and fine-tune to compare the defenses</source>
        <translation>Arbeitsbereich öffnen, STRIP ausführen und Fine-Tuning durchführen, um die Verteidigungen zu vergleichen</translation>
    </message>
    <message>
        <source>No repaired model B&apos; yet: fine-tune on the Fine-pruning tab to compute the goodnets</source>
        <translation>Noch kein repariertes Modell B&apos;: Fine-Tuning im Tab Fine-Pruning durchführen, um die Goodnets zu berechnen</translation>
    </message>
    <message>
        <source>B&apos;: %1</source>
        <translation>B&apos;: %1</translation>
    </message>
    <message>
        <source>Threshold: %1</source>
        <translation>Schwellenwert: %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>set %1</source>
        <translation>Datensatz %1</translation>
    </message>
    <message>
        <source>Liu et al. (Fine-Pruning, 2018): the backdoor survives pruning of the dormant channels; compute the goodnets to check</source>
        <translation>Liu et al. (Fine-Pruning, 2018): Die Backdoor übersteht das Pruning der ruhenden Kanäle; zur Prüfung die Goodnets berechnen</translation>
    </message>
    <message>
        <source>⚠ %1 · %2: pruning-aware: ASR %3 % at k* = %4 (B pruned alone; CCA %5 %, unpruned %6 %)</source>
        <translation>⚠ %1 · %2: Pruning-resistent: ASR %3 % bei k* = %4 (nur Pruning von B; CCA %5 %, ohne Pruning %6 %)</translation>
    </message>
    <message>
        <source>Pruning-aware (Liu et al., Fine-Pruning, 2018): the backdoor survives pruning of the dormant channels. B is pruned alone (no fine-tuning), lowest mean activation first, up to k*, the most channels before its clean accuracy first falls more than %1 points below the unpruned CCA; the attack is pruning-aware when its ASR at k* is still at least %2 %.</source>
        <translation>Pruning-resistent (Liu et al., Fine-Pruning, 2018): Die Backdoor übersteht das Pruning der ruhenden Kanäle. An B wird nur Pruning durchgeführt (ohne Fine-Tuning), niedrigste mittlere Aktivierung zuerst, bis k*, der größten Zahl entfernter Kanäle, bevor seine saubere Genauigkeit erstmals um mehr als %1 Punkte unter die CCA ohne Pruning fällt; der Angriff ist Pruning-resistent, wenn seine ASR bei k* noch mindestens %2 % beträgt.</translation>
    </message>
    <message>
        <source>not judged (saved by an earlier version): ASR %1 % at the k of B&apos;, %2; compute the goodnets again</source>
        <translation>nicht bewertet (von einer früheren Version gespeichert): ASR %1 % beim k von B&apos;, %2; die Goodnets erneut berechnen</translation>
    </message>
    <message>
        <source>yes: ASR %1 % at k* = %2</source>
        <translation>ja: ASR %1 % bei k* = %2</translation>
    </message>
    <message>
        <source>no: ASR %1 % at k* = %2</source>
        <translation>nein: ASR %1 % bei k* = %2</translation>
    </message>
    <message>
        <source>ASR of B pruned alone (no fine-tuning) at k*, where its clean accuracy starts to fall (Liu et al.)</source>
        <translation>ASR von B nur mit Pruning (ohne Fine-Tuning) bei k*, wo seine saubere Genauigkeit zu sinken beginnt (Liu et al.)</translation>
    </message>
    <message>
        <source>B pruned alone (no fine-tuning), lowest mean activation first: k* = %1, the most channels pruned before its CCA first falls more than %2 points below %3 % (CCA %4 % at k*). ASR there: %5 %, %6 the threshold of %7 %.</source>
        <translation>B nur mit Pruning (ohne Fine-Tuning), niedrigste mittlere Aktivierung zuerst: k* = %1, die größte Zahl entfernter Kanäle, bevor seine CCA erstmals um mehr als %2 Punkte unter %3 % fällt (CCA %4 % bei k*). ASR dort: %5 %, Schwellenwert von %7 % %6.</translation>
    </message>
    <message>
        <source>at least</source>
        <translation>erreicht</translation>
    </message>
    <message>
        <source>below</source>
        <translation>unterschritten</translation>
    </message>
    <message>
        <source>%1 (in-sample)</source>
        <translation>%1 (In-Sample)</translation>
    </message>
    <message>
        <source>In-sample: B&apos; was fine-tuned on the clean test set this CCA is measured on</source>
        <translation>In-Sample: Das Fine-Tuning von B&apos; erfolgte auf dem sauberen Testdatensatz, auf dem diese CCA gemessen wird</translation>
    </message>
    <message>
        <source>%1 · %2 (in-sample CCA)</source>
        <translation>%1 · %2 (In-Sample-CCA)</translation>
    </message>
    <message>
        <source>pruning-aware: ASR %1 % at k* = %2</source>
        <translation>Pruning-resistent: ASR %1 % bei k* = %2</translation>
    </message>
    <message>
        <source>B0 = B fine-pruned by this many channels (the paper&apos;s protocol: Adam, lr 1e-3, 10 epochs, batch 32) for the improved goodnet G&apos;(B0, B&apos;). Default: 2 (the paper: &quot;a few channels&quot;).</source>
        <translation>B0 = B, per Fine-Pruning um so viele Kanäle reduziert (Paper-Protokoll: Adam, lr 1e-3, 10 Epochen, Batch 32), für das verbesserte Goodnet G&apos;(B0, B&apos;). Standard: 2 (im Paper: „einige wenige Kanäle“).</translation>
    </message>
</context>
<context>
    <name>bdl::app::Controller</name>
    <message>
        <source>%1 is still running; cancel it or wait</source>
        <translation>%1 läuft noch; abbrechen oder warten</translation>
    </message>
</context>
<context>
    <name>bdl::app::ExportMenu</name>
    <message>
        <source>PNG image</source>
        <translation>PNG-Bild</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF-Dokument</translation>
    </message>
    <message>
        <source>SVG image</source>
        <translation>SVG-Bild</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>CSV-Tabelle</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Keras HDF5 weights</source>
        <translation>Keras-HDF5-Gewichte</translation>
    </message>
    <message>
        <source>TorchScript</source>
        <translation>TorchScript</translation>
    </message>
    <message>
        <source>&amp;Figure (PNG, PDF, SVG)</source>
        <translation>&amp;Abbildung (PNG, PDF, SVG)</translation>
    </message>
    <message>
        <source>&amp;Data (CSV, JSON)</source>
        <translation>&amp;Daten (CSV, JSON)</translation>
    </message>
    <message>
        <source>%1...</source>
        <translation>%1...</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <source>Repaired model &amp;B&apos; (Keras .h5, TorchScript .pt)...</source>
        <translation>Repariertes Modell &amp;B&apos; (Keras .h5, TorchScript .pt)...</translation>
    </message>
    <message>
        <source>&amp;Goodnet G(B, B&apos;) (TorchScript .pt)...</source>
        <translation>&amp;Goodnet G(B, B&apos;) (TorchScript .pt)...</translation>
    </message>
    <message>
        <source>Export B&apos;</source>
        <translation>B&apos; exportieren</translation>
    </message>
    <message>
        <source>Export G(B, B&apos;)</source>
        <translation>G(B, B&apos;) exportieren</translation>
    </message>
    <message>
        <source>Needs a repaired model B&apos; and no running job</source>
        <translation>Erfordert ein repariertes Modell B&apos; und keinen laufenden Job</translation>
    </message>
    <message>
        <source>Cannot export to %1: use .png, .pdf or .svg</source>
        <translation>Export nach %1 nicht möglich: .png, .pdf oder .svg verwenden</translation>
    </message>
    <message>
        <source>No figure &apos;%1&apos; to export</source>
        <translation>Keine Abbildung &apos;%1&apos; zum Exportieren</translation>
    </message>
    <message>
        <source>Cannot export %1 to %2: use .%3</source>
        <translation>Export von %1 nach %2 nicht möglich: .%3 verwenden</translation>
    </message>
    <message>
        <source>No data &apos;%1&apos; to export</source>
        <translation>Keine Daten &apos;%1&apos; zum Exportieren</translation>
    </message>
    <message>
        <source>No repaired model B&apos; to export yet</source>
        <translation>Noch kein repariertes Modell B&apos; zum Exportieren</translation>
    </message>
    <message>
        <source>Cannot export B&apos; to %1: use .h5 (Keras) or .pt (TorchScript)</source>
        <translation>Export von B&apos; nach %1 nicht möglich: .h5 (Keras) oder .pt (TorchScript) verwenden</translation>
    </message>
    <message>
        <source>G(B, B&apos;) needs a repaired model B&apos; first</source>
        <translation>G(B, B&apos;) erfordert zuerst ein repariertes Modell B&apos;</translation>
    </message>
    <message>
        <source>Cannot export G(B, B&apos;) to %1: use .pt (TorchScript)</source>
        <translation>Export von G(B, B&apos;) nach %1 nicht möglich: .pt (TorchScript) verwenden</translation>
    </message>
</context>
<context>
    <name>bdl::app::HelpDialog</name>
    <message>
        <source>pruning-aware</source>
        <translation>Pruning-resistent</translation>
    </message>
    <message>
        <source>The pruning curve: CCA and ASR of B with its k least active channels (mean activation on clean data) pruned, without fine-tuning; the slider reads it at any k. Three ways to make B&apos;: &lt;i&gt;Fine-tune at k&lt;/i&gt; (prune k channels, fine-tune once), the &lt;i&gt;paper&apos;s protocol&lt;/i&gt; (prune one channel, fine-tune, repeat; 10 % of the layer by default) and &lt;i&gt;Liu et al.&apos;s protocol&lt;/i&gt; (prune until the clean validation accuracy drops by more than 4 points, fine-tune once). Paper defaults: Adam, learning rate 1e-3, 10 epochs, batch size 32.</source>
        <translation>Die Pruning-Kurve: CCA und ASR von B, wenn seine k am wenigsten aktiven Kanäle (mittlere Aktivierung auf sauberen Daten) entfernt sind, ohne Fine-Tuning; der Schieberegler liest sie bei jedem k ab. Drei Wege zu B&apos;: &lt;i&gt;Fine-Tuning bei k&lt;/i&gt; (k Kanäle entfernen, einmal Fine-Tuning), das &lt;i&gt;Paper-Protokoll&lt;/i&gt; (einen Kanal entfernen, Fine-Tuning, wiederholen; standardmäßig 10 % der Schicht) und das &lt;i&gt;Protokoll nach Liu et al.&lt;/i&gt; (Kanäle entfernen, bis die saubere Validierungsgenauigkeit um mehr als 4 Punkte fällt, dann einmal Fine-Tuning). Standardwerte des Papers: Adam, Lernrate 1e-3, 10 Epochen, Batchgröße 32.</translation>
    </message>
    <message>
        <source>For each learning rate of the grid (the paper&apos;s: 1e-2, 1e-3, 1e-4, 1e-5, 1e-6) B is pruned channel by channel and fine-tuned after every step; the heatmaps show the CCA and ASR of every cell (learning rate x channels pruned), as in the paper&apos;s Figure 3. The best trade-off is the highest CCA whose ASR stays within the limit (10 % by default). Click a cell to make its model B&apos;. The paper fine-tunes 10 epochs per step; the view starts at 1 to keep the grid quick.</source>
        <translation>Für jede Lernrate des Rasters (im Paper: 1e-2, 1e-3, 1e-4, 1e-5, 1e-6) werden aus B nacheinander Kanäle entfernt, mit Fine-Tuning nach jedem Schritt; die Heatmaps zeigen CCA und ASR jeder Zelle (Lernrate x entfernte Kanäle), wie Abbildung 3 des Papers. Der beste Kompromiss ist die höchste CCA, deren ASR innerhalb der Grenze bleibt (standardmäßig 10 %). Ein Klick auf eine Zelle macht ihr Modell zu B&apos;. Das Paper verwendet 10 Epochen Fine-Tuning pro Schritt; die Ansicht beginnt mit 1, damit das Raster schnell durchläuft.</translation>
    </message>
    <message>
        <source>The mean activation of every channel of the pruned layer on clean and on poisoned data, in pruning order, with the pruned channels marked: channels that are dormant on clean data but fire on poisoned data carry the backdoor. Below, the mean feature maps of every channel before and after fine-pruning (the paper&apos;s Figures 4-8).</source>
        <translation>Die mittlere Aktivierung jedes Kanals der Pruning-Schicht auf sauberen und auf vergifteten Daten, in Pruning-Reihenfolge, die entfernten Kanäle markiert: Kanäle, die auf sauberen Daten ruhen, aber auf vergifteten Daten feuern, tragen die Backdoor. Darunter die mittleren Feature-Maps jedes Kanals vor und nach dem Fine-Pruning (Abbildungen 4-8 des Papers).</translation>
    </message>
    <message>
        <source>Each input is superimposed with N clean images (default 100, alpha blend 0.5) and B&apos;s predictions on the blends are scored by their entropy: a trigger keeps them confident, so poisoned inputs have low entropy. The threshold comes from clean calibration data only, at a target FRR (default 1 %); drag it on the histogram to see FRR, FAR, CCA and ASR change. The ROC curves give each poisoned set&apos;s AUROC. Click a bar to list its inputs and see one with its superimpositions.</source>
        <translation>Jede Eingabe wird mit N sauberen Bildern überlagert (Standard 100, Alpha-Überblendung 0,5), und die Vorhersagen von B auf den Überlagerungen werden nach ihrer Entropie bewertet: Ein Trigger hält sie sicher, daher haben vergiftete Eingaben eine niedrige Entropie. Der Schwellenwert stammt nur aus sauberen Kalibrierungsdaten, bei einer Ziel-FRR (Standard 1 %); ziehen Sie ihn im Histogramm, um zu sehen, wie sich FRR, FAR, CCA und ASR ändern. Die ROC-Kurven liefern die AUROC jedes vergifteten Datensatzes. Ein Klick auf einen Balken listet dessen Eingaben auf und zeigt eine davon mit ihren Überlagerungen.</translation>
    </message>
    <message>
        <source>The paper&apos;s Figure 1: CCA and ASR per attack for STRIP (at the STRIP view&apos;s threshold), B&apos;, G(B, B&apos;) and G&apos;(B0, B&apos;), as bars and as a table. &lt;i&gt;Compute goodnets&lt;/i&gt; needs a B&apos;; B0 is B fine-pruned by k0 channels (default 2). Every attack analysed in the session stays as a row, and a pruning-aware attack is flagged.</source>
        <translation>Abbildung 1 des Papers: CCA und ASR pro Angriff für STRIP (beim Schwellenwert der Ansicht STRIP), B&apos;, G(B, B&apos;) und G&apos;(B0, B&apos;), als Balken und als Tabelle. &lt;i&gt;Goodnets berechnen&lt;/i&gt; erfordert ein B&apos;; B0 ist B, per Fine-Pruning um k0 Kanäle reduziert (Standard 2). Jeder in der Sitzung analysierte Angriff bleibt als Zeile erhalten, und ein Pruning-resistenter Angriff wird markiert.</translation>
    </message>
    <message>
        <source>One image at a time: open or drop a picture, or pick one from a loaded set. It shows the top-5 classes of B and B&apos;, G&apos;s verdict (class N when B and B&apos; disagree), the image&apos;s STRIP entropy and STRIP&apos;s verdict at the current threshold.</source>
        <translation>Ein Bild nach dem anderen: ein Bild öffnen oder ablegen oder eines aus einem geladenen Datensatz wählen. Angezeigt werden die Top-5-Klassen von B und B&apos;, das Urteil von G (Klasse N, wenn B und B&apos; uneinig sind), die STRIP-Entropie des Bildes und das Urteil von STRIP beim aktuellen Schwellenwert.</translation>
    </message>
    <message>
        <source>The model under test, as opened: possibly a badnet, a network with a backdoor (a trigger that makes it output the attacker&apos;s target class).</source>
        <translation>Das zu prüfende Modell, wie geöffnet: möglicherweise ein Badnet, ein Netz mit Backdoor (einem Trigger, der es die Zielklasse des Angreifers ausgeben lässt).</translation>
    </message>
    <message>
        <source>The repaired model: B with k channels pruned, then fine-tuned on clean data; made in the Fine-pruning view or picked in the LR sweep.</source>
        <translation>Das reparierte Modell: B mit k entfernten Kanälen, danach per Fine-Tuning auf sauberen Daten nachtrainiert; erzeugt in der Ansicht Fine-Pruning oder gewählt im LR-Sweep.</translation>
    </message>
    <message>
        <source>The goodnet G(B, B&apos;): it runs B and B&apos; on an input and outputs their label when they agree, else class N, &quot;poisoned&quot; (N = the number of classes): the input is rejected.</source>
        <translation>Das Goodnet G(B, B&apos;): Es wendet B und B&apos; auf eine Eingabe an und gibt deren Label aus, wenn sie übereinstimmen, sonst die Klasse N, „vergiftet“ (N = Anzahl der Klassen): Die Eingabe wird zurückgewiesen.</translation>
    </message>
    <message>
        <source>The paper&apos;s improved goodnet G&apos;(B0, B&apos;): G with B0 = B fine-pruned by k0 channels in place of B. It keeps more clean accuracy when B&apos;s own CCA is low.</source>
        <translation>Das verbesserte Goodnet G&apos;(B0, B&apos;) des Papers: G mit B0 = B, per Fine-Pruning um k0 Kanäle reduziert, anstelle von B. Es behält mehr saubere Genauigkeit, wenn die CCA von B selbst niedrig ist.</translation>
    </message>
    <message>
        <source>Clean classification accuracy: % of the clean test images classified correctly (a goodnet&apos;s class N counts as wrong; for STRIP, a rejected input too). Higher is better.</source>
        <translation>Saubere Klassifikationsgenauigkeit: % der sauberen Testbilder, die richtig klassifiziert werden (die Klasse N eines Goodnets zählt als falsch, bei STRIP auch eine zurückgewiesene Eingabe). Höher ist besser.</translation>
    </message>
    <message>
        <source>Attack success rate: % of a poisoned set classified as the attack&apos;s target (for STRIP: and not rejected). Lower is better.</source>
        <translation>Angriffserfolgsrate: % eines vergifteten Datensatzes, die als Ziel des Angriffs klassifiziert werden (bei STRIP: und nicht zurückgewiesen). Niedriger ist besser.</translation>
    </message>
    <message>
        <source>False rejection rate of STRIP: % of clean inputs flagged as trojaned (entropy below the threshold). The threshold is set for a target FRR on clean calibration data (default 1 %).</source>
        <translation>Falschrückweisungsrate von STRIP: % der sauberen Eingaben, die als trojanisiert markiert werden (Entropie unter dem Schwellenwert). Der Schwellenwert wird für eine Ziel-FRR auf sauberen Kalibrierungsdaten festgelegt (Standard 1 %).</translation>
    </message>
    <message>
        <source>False acceptance rate of STRIP: % of a poisoned set not flagged (entropy at or above the threshold).</source>
        <translation>Falschakzeptanzrate von STRIP: % eines vergifteten Datensatzes, die nicht markiert werden (Entropie auf oder über dem Schwellenwert).</translation>
    </message>
    <message>
        <source>Area under STRIP&apos;s ROC curve for one poisoned set against the clean test set: 1 separates them perfectly at some threshold, 0.5 is chance. It does not depend on the threshold.</source>
        <translation>Fläche unter der ROC-Kurve von STRIP für einen vergifteten Datensatz gegenüber dem sauberen Testdatensatz: 1 trennt beide bei einem Schwellenwert perfekt, 0,5 ist Zufall. Sie hängt nicht vom Schwellenwert ab.</translation>
    </message>
    <message>
        <source>Liu et al.&apos;s definition (Fine-Pruning, 2018), as the Comparison view applies it: B is pruned alone (no fine-tuning), least active channels first, up to k*, the most channels before its CCA first falls more than 4 points below the unpruned CCA; an attack whose ASR at k* is still at least 50 % survives pruning of the dormant channels and is pruning-aware. Pruning alone does not remove it: fine-tune.</source>
        <translation>Die Definition von Liu et al. (Fine-Pruning, 2018), wie die Ansicht Vergleich sie anwendet: An B wird nur Pruning durchgeführt (ohne Fine-Tuning), am wenigsten aktive Kanäle zuerst, bis k*, der größten Zahl entfernter Kanäle, bevor seine CCA erstmals um mehr als 4 Punkte unter die CCA ohne Pruning fällt; ein Angriff, dessen ASR bei k* noch mindestens 50 % beträgt, übersteht das Pruning der ruhenden Kanäle und ist Pruning-resistent. Pruning allein entfernt ihn nicht: Fine-Tuning durchführen.</translation>
    </message>
    <message>
        <source>BackdoorLab user guide</source>
        <translation>BackdoorLab-Benutzerhandbuch</translation>
    </message>
    <message>
        <source>BackdoorLab is for a neural network you received and suspect of a backdoor: a hidden trigger (a patch, a pattern, sunglasses) that makes it output the attacker&apos;s target class. It implements the two defenses compared by Ye, Bamigbade and Babushkin: fine-pruning (Liu et al.) and STRIP (Gao et al.).</source>
        <translation>BackdoorLab ist für ein neuronales Netz, das Sie erhalten haben und einer Backdoor verdächtigen: eines versteckten Triggers (ein Patch, ein Muster, eine Sonnenbrille), der es die Zielklasse des Angreifers ausgeben lässt. Es implementiert die beiden Verteidigungen, die Ye, Bamigbade und Babushkin vergleichen: Fine-Pruning (Liu et al.) und STRIP (Gao et al.).</translation>
    </message>
    <message>
        <source>Three questions</source>
        <translation>Drei Fragen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Trust the model?&lt;/b&gt; Is B backdoored? Look at B&apos;s ASR on the poisoned sets at k = 0 in the Fine-pruning view, at channels that fire on poisoned data only in the Activations view, and at how well STRIP separates clean from poisoned inputs (AUROC). A high ASR means: do not use B as it is.</source>
        <translation>&lt;b&gt;Dem Modell vertrauen?&lt;/b&gt; Hat B eine Backdoor? Achten Sie auf die ASR von B auf den vergifteten Datensätzen bei k = 0 in der Ansicht Fine-Pruning, auf Kanäle, die nur auf vergifteten Daten feuern, in der Ansicht Aktivierungen, und darauf, wie gut STRIP saubere von vergifteten Eingaben trennt (AUROC). Eine hohe ASR heißt: B nicht unverändert verwenden.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Repair it?&lt;/b&gt; Does fine-pruning give a repaired model B&apos; that keeps its clean accuracy (CCA) and loses the backdoor (low ASR)? Make B&apos; in the Fine-pruning view or pick it in the LR sweep, check it in the Activations view, and weigh it against STRIP and the goodnets in the Comparison view.</source>
        <translation>&lt;b&gt;Reparieren?&lt;/b&gt; Liefert Fine-Pruning ein repariertes Modell B&apos;, das seine saubere Genauigkeit (CCA) behält und die Backdoor verliert (niedrige ASR)? Erzeugen Sie B&apos; in der Ansicht Fine-Pruning oder wählen Sie es im LR-Sweep, prüfen Sie es in der Ansicht Aktivierungen und wägen Sie es in der Ansicht Vergleich gegen STRIP und die Goodnets ab.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Filter its inputs?&lt;/b&gt; Keep B (or B&apos;) and reject suspicious inputs instead: STRIP flags inputs whose predictions stay confident under superimposition, the goodnets G and G&apos; reject inputs on which two models disagree (Comparison view), and the Inspector gives every verdict for one image.</source>
        <translation>&lt;b&gt;Eingaben filtern?&lt;/b&gt; B (oder B&apos;) behalten und stattdessen verdächtige Eingaben zurückweisen: STRIP markiert Eingaben, deren Vorhersagen unter Überlagerung sicher bleiben, die Goodnets G und G&apos; weisen Eingaben zurück, bei denen zwei Modelle uneinig sind (Ansicht Vergleich), und der Inspektor zeigt jedes Urteil für ein einzelnes Bild.</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>Ablauf</translation>
    </message>
    <message>
        <source>File &amp;gt; Open (Ctrl+O) loads B, the clean test set (for CCA), clean data to rank the channels and fine-tune on (without it, 20 % of the clean test data is held out for that) and the poisoned sets (for ASR); the workspace panel on the left lists them. The pruning curve then starts by itself. Go through the views in tab order; every job shows its progress in the status bar, and Esc cancels it. File &amp;gt; Save Session keeps the whole analysis, File &amp;gt; Export the plots, the numbers and the models.</source>
        <translation>Datei &amp;gt; Öffnen (Strg+O) lädt B, den sauberen Testdatensatz (für die CCA), saubere Daten für die Rangfolge der Kanäle und das Fine-Tuning (ohne sie werden dafür 20 % der sauberen Testdaten abgetrennt) und die vergifteten Datensätze (für die ASR); der Arbeitsbereich links listet sie auf. Die Pruning-Kurve startet dann von selbst. Gehen Sie die Ansichten in der Reihenfolge der Tabs durch; jeder Job zeigt seinen Fortschritt in der Statusleiste, und Esc bricht ihn ab. Datei &amp;gt; Sitzung speichern bewahrt die ganze Analyse, Datei &amp;gt; Exportieren die Diagramme, die Zahlen und die Modelle.</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>Begriffe</translation>
    </message>
    <message>
        <source>Every setting of the views has a tooltip that says what it does and its default. F1 opens this guide at the section of the current view.</source>
        <translation>Jede Einstellung der Ansichten hat einen Tooltip, der sagt, was sie bewirkt und was ihr Standardwert ist. F1 öffnet diese Anleitung beim Abschnitt der aktuellen Ansicht.</translation>
    </message>
    <message>
        <source>Every B&apos; made in the workspace (also a sweep cell made current) stays in the &lt;i&gt;B&apos; candidates&lt;/i&gt; table below the curves with how it was made and its CCA and ASR: &lt;i&gt;Make current&lt;/i&gt; makes one B&apos; again, &lt;i&gt;Export...&lt;/i&gt; writes any of them.</source>
        <translation>Jedes im Arbeitsbereich erstellte B&apos; (auch eine zum aktuellen Modell gemachte Sweep-Zelle) bleibt in der Tabelle &lt;i&gt;Kandidaten für B&apos;&lt;/i&gt; unter den Kurven, mit seiner Entstehung, seiner CCA und seiner ASR: &lt;i&gt;Als aktuelles verwenden&lt;/i&gt; macht eines wieder zu B&apos;, &lt;i&gt;Exportieren...&lt;/i&gt; schreibt jedes davon.</translation>
    </message>
</context>
<context>
    <name>bdl::app::InspectorView</name>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Clean test</source>
        <translation>Saubere Testdaten</translation>
    </message>
    <message>
        <source>Clean train</source>
        <translation>Saubere Trainingsdaten</translation>
    </message>
    <message>
        <source>Poisoned</source>
        <translation>Vergiftet</translation>
    </message>
    <message>
        <source>Open image...</source>
        <translation>Bild öffnen...</translation>
    </message>
    <message>
        <source>or drop a PNG, JPEG or BMP file here</source>
        <translation>oder eine PNG-, JPEG- oder BMP-Datei hierher ziehen</translation>
    </message>
    <message>
        <source>Pick from a set</source>
        <translation>Aus einem Datensatz wählen</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Untersuchen</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>Index</translation>
    </message>
    <message>
        <source>Open an image, drop one here or pick one from a set</source>
        <translation>Ein Bild öffnen, hierher ziehen oder aus einem Datensatz wählen</translation>
    </message>
    <message>
        <source>B: top 5</source>
        <translation>B: Top 5</translation>
    </message>
    <message>
        <source>B&apos;: top 5</source>
        <translation>B&apos;: Top 5</translation>
    </message>
    <message>
        <source>No repaired model yet</source>
        <translation>Noch kein repariertes Modell</translation>
    </message>
    <message>
        <source>Verdicts</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>G(B, B&apos;)</source>
        <translation>G(B, B&apos;)</translation>
    </message>
    <message>
        <source>STRIP</source>
        <translation>STRIP</translation>
    </message>
    <message>
        <source>Could not inspect the image (see the message above)</source>
        <translation>Das Bild konnte nicht untersucht werden (siehe Meldung oben)</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <source>No data set %1 in the workspace</source>
        <translation>Kein Datensatz %1 im Arbeitsbereich</translation>
    </message>
    <message>
        <source>%1 has no image %2 (it holds %3)</source>
        <translation>%1 hat kein Bild %2 (enthält %3)</translation>
    </message>
    <message>
        <source>Inspecting image %1 of %2...</source>
        <translation>Untersuche Bild %1 von %2...</translation>
    </message>
    <message>
        <source>Inspecting %1...</source>
        <translation>Untersuche %1...</translation>
    </message>
    <message>
        <source>Inspect an image</source>
        <translation>Ein Bild untersuchen</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>Bilder (%1)</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>N: poisoned (B and B&apos; disagree)</source>
        <translation>N: vergiftet (B und B&apos; uneinig)</translation>
    </message>
    <message>
        <source>%1 (B and B&apos; agree)</source>
        <translation>%1 (B und B&apos; einig)</translation>
    </message>
    <message>
        <source>entropy %1 bits over %2 superimpositions</source>
        <translation>Entropie %1 Bit über %2 Überlagerungen</translation>
    </message>
    <message>
        <source>%1; no threshold yet (run STRIP on the STRIP tab)</source>
        <translation>%1; noch kein Schwellenwert (STRIP im Tab STRIP ausführen)</translation>
    </message>
    <message>
        <source>%1; threshold %2: %3</source>
        <translation>%1; Schwellenwert %2: %3</translation>
    </message>
    <message>
        <source>flagged as trojaned</source>
        <translation>als trojanisiert markiert</translation>
    </message>
    <message>
        <source>passes</source>
        <translation>unauffällig</translation>
    </message>
    <message>
        <source>
label %1</source>
        <translation>
Label %1</translation>
    </message>
    <message>
        <source>%1 (label %2)</source>
        <translation>%1 (Label %2)</translation>
    </message>
    <message>
        <source>The loaded data set to pick an image from</source>
        <translation>Der geladene Datensatz, aus dem ein Bild gewählt wird</translation>
    </message>
    <message>
        <source>Position of the image in the chosen set, from 0</source>
        <translation>Position des Bildes im gewählten Datensatz, ab 0</translation>
    </message>
</context>
<context>
    <name>bdl::app::JobStatusBar</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the running job; the previous results stay</source>
        <translation>Den laufenden Job anhalten; die bisherigen Ergebnisse bleiben erhalten</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 elapsed</source>
        <translation>%1 vergangen</translation>
    </message>
    <message>
        <source>%1 elapsed, about %2 left</source>
        <translation>%1 vergangen, noch etwa %2</translation>
    </message>
    <message>
        <source>%1: done</source>
        <translation>%1: fertig</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1: abgebrochen</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1 not started: %2</source>
        <translation>%1 nicht gestartet: %2</translation>
    </message>
</context>
<context>
    <name>bdl::app::JobText</name>
    <message>
        <source>Opening the workspace</source>
        <translation>Arbeitsbereich wird geöffnet</translation>
    </message>
    <message>
        <source>Pruning curve</source>
        <translation>Pruning-Kurve</translation>
    </message>
    <message>
        <source>Fine-tuning</source>
        <translation>Fine-Tuning</translation>
    </message>
    <message>
        <source>Paper protocol</source>
        <translation>Paper-Protokoll</translation>
    </message>
    <message>
        <source>Liu et al. protocol</source>
        <translation>Protokoll nach Liu et al.</translation>
    </message>
    <message>
        <source>Learning-rate sweep</source>
        <translation>Lernraten-Sweep</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>Aktivierungen</translation>
    </message>
    <message>
        <source>Loading the sweep&apos;s model</source>
        <translation>Modell des Sweeps wird geladen</translation>
    </message>
    <message>
        <source>Exporting B&apos;</source>
        <translation>B&apos; wird exportiert</translation>
    </message>
    <message>
        <source>Exporting G(B, B&apos;)</source>
        <translation>G(B, B&apos;) wird exportiert</translation>
    </message>
    <message>
        <source>Prune slider</source>
        <translation>Pruning-Schieberegler</translation>
    </message>
    <message>
        <source>Fine-tuning at k</source>
        <translation>Fine-Tuning bei k</translation>
    </message>
    <message>
        <source>Learning-rate sweep cell</source>
        <translation>Zelle des Lernraten-Sweeps</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>CCA %1</source>
        <translation>CCA %1</translation>
    </message>
    <message>
        <source> · ASR %1</source>
        <translation> · ASR %1</translation>
    </message>
    <message>
        <source>STRIP</source>
        <translation>STRIP</translation>
    </message>
    <message>
        <source>STRIP detail</source>
        <translation>STRIP-Details</translation>
    </message>
    <message>
        <source>Inspecting the image</source>
        <translation>Bild wird untersucht</translation>
    </message>
    <message>
        <source>Goodnets G and G&apos;</source>
        <translation>Goodnets G und G&apos;</translation>
    </message>
    <message>
        <source>Restoring the session</source>
        <translation>Sitzung wird wiederhergestellt</translation>
    </message>
    <message>
        <source>Loading a B&apos; candidate</source>
        <translation>Kandidat für B&apos; wird geladen</translation>
    </message>
    <message>
        <source>Exporting a B&apos; candidate</source>
        <translation>Kandidat für B&apos; wird exportiert</translation>
    </message>
</context>
<context>
    <name>bdl::app::MainWindow</name>
    <message>
        <source>BackdoorLab</source>
        <translation>BackdoorLab</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Fine-pruning</source>
        <translation>Fine-Pruning</translation>
    </message>
    <message>
        <source>LR sweep</source>
        <translation>LR-Sweep</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>Aktivierungen</translation>
    </message>
    <message>
        <source>STRIP</source>
        <translation>STRIP</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open...</source>
        <translation>Ö&amp;ffnen...</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Dark plots</source>
        <translation>&amp;Dunkle Diagramme</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About BackdoorLab</source>
        <translation>Ü&amp;ber BackdoorLab</translation>
    </message>
    <message>
        <source>Pruning curve</source>
        <translation>Pruning-Kurve</translation>
    </message>
    <message>
        <source>Paper protocol steps</source>
        <translation>Schritte des Paper-Protokolls</translation>
    </message>
    <message>
        <source>CCA heatmap</source>
        <translation>CCA-Heatmap</translation>
    </message>
    <message>
        <source>ASR heatmap</source>
        <translation>ASR-Heatmap</translation>
    </message>
    <message>
        <source>Channel activations</source>
        <translation>Kanalaktivierungen</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>Feature-Maps</translation>
    </message>
    <message>
        <source>STRIP entropy histogram</source>
        <translation>STRIP-Entropie-Histogramm</translation>
    </message>
    <message>
        <source>STRIP ROC curves</source>
        <translation>STRIP-ROC-Kurven</translation>
    </message>
    <message>
        <source>STRIP scores and histogram</source>
        <translation>STRIP-Scores und Histogramm</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>slider: %1 ms from valueChanged to readout (%2)</source>
        <translation>Schieberegler: %1 ms von valueChanged bis zur Anzeige (%2)</translation>
    </message>
    <message>
        <source>cached curve</source>
        <translation>zwischengespeicherte Kurve</translation>
    </message>
    <message>
        <source>evaluated on the worker</source>
        <translation>im Worker ausgewertet</translation>
    </message>
    <message>
        <source>job %1: %2 s, longest GUI-thread stall %3 ms</source>
        <translation>Job %1: %2 s, längste Blockade des GUI-Threads %3 ms</translation>
    </message>
    <message>
        <source>job %1 failed: %2</source>
        <translation>Job %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Opening %1...</source>
        <translation>Öffne %1...</translation>
    </message>
    <message>
        <source>Opening the demo zoo&apos;s %1 model...</source>
        <translation>Öffne das Modell %1 des Demo-Zoos...</translation>
    </message>
    <message>
        <source>The demo zoo was built in %1</source>
        <translation>Der Demo-Zoo wurde in %1 erstellt</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1 (%2 %)</translation>
    </message>
    <message>
        <source>About BackdoorLab</source>
        <translation>Über BackdoorLab</translation>
    </message>
    <message>
        <source>&lt;b&gt;BackdoorLab %1&lt;/b&gt;&lt;p&gt;Inspect and repair backdoored neural networks: fine-pruning (Liu et al.) and the learning-rate sweep of Ye, Bamigbade and Babushkin.&lt;/p&gt;</source>
        <translation>&lt;b&gt;BackdoorLab %1&lt;/b&gt;&lt;p&gt;Neuronale Netze mit Backdoor untersuchen und reparieren: Fine-Pruning (Liu et al.) und der Lernraten-Sweep von Ye, Bamigbade und Babushkin.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Open &amp;Session...</source>
        <translation>&amp;Sitzung öffnen...</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>Save Session &amp;As...</source>
        <translation>Sitzung speichern &amp;unter...</translation>
    </message>
    <message>
        <source>&amp;Cancel Job</source>
        <translation>Job &amp;abbrechen</translation>
    </message>
    <message>
        <source>Se&amp;ttings...</source>
        <translation>E&amp;instellungen...</translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation>%1 anzeigen</translation>
    </message>
    <message>
        <source>%1[*] - BackdoorLab</source>
        <translation>%1[*] - BackdoorLab</translation>
    </message>
    <message>
        <source>%1 no longer exists; removed from the recent files</source>
        <translation>%1 existiert nicht mehr; aus den zuletzt geöffneten Dateien entfernt</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspektor</translation>
    </message>
    <message>
        <source>Defense comparison</source>
        <translation>Vergleich der Verteidigungen</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Restore Autosaved Session...</source>
        <translation>Automatisch gespeicherte Sitzung wiederherstellen...</translation>
    </message>
    <message>
        <source>Export &amp;Report...</source>
        <translation>&amp;Bericht exportieren...</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>Benutzer&amp;handbuch</translation>
    </message>
    <message>
        <source>%1: wait for the running job to finish (or cancel it): its results are not complete yet</source>
        <translation>%1: Warten Sie, bis der laufende Job fertig ist (oder brechen Sie ihn ab): Seine Ergebnisse sind noch nicht vollständig</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>PDF report, with an HTML copy (*.pdf)</source>
        <translation>PDF-Bericht, mit einer HTML-Kopie (*.pdf)</translation>
    </message>
    <message>
        <source>Report not written: %1</source>
        <translation>Bericht nicht geschrieben: %1</translation>
    </message>
    <message>
        <source>Wrote the report %1 and %2</source>
        <translation>Bericht %1 und %2 geschrieben</translation>
    </message>
    <message>
        <source>&amp;Workspace panel</source>
        <translation>&amp;Arbeitsbereich-Leiste</translation>
    </message>
    <message>
        <source>Open Res&amp;ult...</source>
        <translation>Erge&amp;bnis öffnen...</translation>
    </message>
    <message>
        <source>Cannot open %1: not a session (.bdlsession), a result (.json), a model or data file (.h5, .hdf5, .keras) or an image (PNG, JPEG, BMP)</source>
        <translation>%1 kann nicht geöffnet werden: keine Sitzung (.bdlsession), kein Ergebnis (.json), keine Modell- oder Datendatei (.h5, .hdf5, .keras) und kein Bild (PNG, JPEG, BMP)</translation>
    </message>
    <message>
        <source>Opened the result %1</source>
        <translation>Ergebnis %1 geöffnet</translation>
    </message>
    <message>
        <source>Open Result</source>
        <translation>Ergebnis öffnen</translation>
    </message>
    <message>
        <source>BackdoorLab results (sweep, strip, audit, merge) (*.json);;All files (*)</source>
        <translation>BackdoorLab-Ergebnisse (sweep, strip, audit, merge) (*.json);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>bdl::app::NotificationBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
</context>
<context>
    <name>bdl::app::OpenDialog</name>
    <message>
        <source>Open a workspace</source>
        <translation>Arbeitsbereich öffnen</translation>
    </message>
    <message>
        <source>Model under test (B)</source>
        <translation>Zu prüfendes Modell (B)</translation>
    </message>
    <message>
        <source>Demo zoo model</source>
        <translation>Modell aus dem Demo-Zoo</translation>
    </message>
    <message>
        <source>default folder (built on first use)</source>
        <translation>Standardordner (wird bei der ersten Verwendung erstellt)</translation>
    </message>
    <message>
        <source>recorded in the file, or csaw-badnet</source>
        <translation>in der Datei hinterlegt, oder csaw-badnet</translation>
    </message>
    <message>
        <source>default (the zoo&apos;s, else auto-detect)</source>
        <translation>Standard (die des Zoos, sonst automatisch erkannt)</translation>
    </message>
    <message>
        <source>auto-detect</source>
        <translation>automatisch erkennen</translation>
    </message>
    <message>
        <source>pixels / 255</source>
        <translation>Pixel / 255</translation>
    </message>
    <message>
        <source>raw 0..255</source>
        <translation>roh 0..255</translation>
    </message>
    <message>
        <source>Zoo folder</source>
        <translation>Zoo-Ordner</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Input scale</source>
        <translation>Eingabeskalierung</translation>
    </message>
    <message>
        <source>Data sets (empty fields: the zoo&apos;s data)</source>
        <translation>Datensätze (leere Felder: die Daten des Zoos)</translation>
    </message>
    <message>
        <source>Poisoned set</source>
        <translation>Vergifteter Datensatz</translation>
    </message>
    <message>
        <source>Target (empty: from data)</source>
        <translation>Ziel (leer: aus den Daten)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Clean test data (CCA)</source>
        <translation>Saubere Testdaten (CCA)</translation>
    </message>
    <message>
        <source>Clean data (ranking, fine-tuning)</source>
        <translation>Saubere Daten (Rangfolge, Fine-Tuning)</translation>
    </message>
    <message>
        <source>Choose the clean test data: it gives the clean accuracy and the input scale.</source>
        <translation>Die sauberen Testdaten wählen: Sie liefern die saubere Genauigkeit und die Eingabeskalierung.</translation>
    </message>
    <message>
        <source>The target of poisoned set %1 must be a class number.</source>
        <translation>Das Ziel des vergifteten Datensatzes %1 muss eine Klassennummer sein.</translation>
    </message>
    <message>
        <source>Data (*.h5 *.hdf5 *-idx3-ubyte *-idx3-ubyte.gz *.png *.jpg *.jpeg);;All files (*)</source>
        <translation>Daten (*.h5 *.hdf5 *-idx3-ubyte *-idx3-ubyte.gz *.png *.jpg *.jpeg);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>empty: held out from the clean test data, or the zoo&apos;s</source>
        <translation>leer: aus den sauberen Testdaten abgetrennt, oder die des Zoos</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Add poisoned set</source>
        <translation>Vergifteten Datensatz hinzufügen</translation>
    </message>
    <message>
        <source>An HDF5 file, an IDX file, an image or an image folder</source>
        <translation>Eine HDF5-Datei, eine IDX-Datei, ein Bild oder ein Bildordner</translation>
    </message>
    <message>
        <source>File (HDF5, IDX, image)...</source>
        <translation>Datei (HDF5, IDX, Bild)...</translation>
    </message>
    <message>
        <source>Image folder...</source>
        <translation>Bildordner...</translation>
    </message>
    <message>
        <source>Hold out</source>
        <translation>Abtrennen</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>of the clean test data as the train set, seed</source>
        <translation>der sauberen Testdaten als Trainingsdatensatz, Seed</translation>
    </message>
    <message>
        <source>The zoo&apos;s clean validation set is the train set.</source>
        <translation>Der saubere Validierungsdatensatz des Zoos ist der Trainingsdatensatz.</translation>
    </message>
    <message>
        <source>Ranking and fine-tuning use %1 % of the clean test data (seed %2); CCA is measured on the other %3 %.</source>
        <translation>Rangfolge und Fine-Tuning verwenden %1 % der sauberen Testdaten (Seed %2); die CCA wird auf den übrigen %3 % gemessen.</translation>
    </message>
    <message>
        <source>⚠ In-sample: ranking and fine-tuning will use the clean test set itself, so the CCA of every result after them is measured on its own training data.</source>
        <translation>⚠ In-Sample: Rangfolge und Fine-Tuning verwenden den sauberen Testdatensatz selbst, daher wird die CCA jedes darauf folgenden Ergebnisses auf seinen eigenen Trainingsdaten gemessen.</translation>
    </message>
    <message>
        <source>Poisoned set: image folder</source>
        <translation>Vergifteter Datensatz: Bildordner</translation>
    </message>
    <message>
        <source>The model: %1.</source>
        <translation>Das Modell: %1.</translation>
    </message>
    <message>
        <source>The clean test data: %1.</source>
        <translation>Die sauberen Testdaten: %1.</translation>
    </message>
    <message>
        <source>The clean train data: %1.</source>
        <translation>Die sauberen Trainingsdaten: %1.</translation>
    </message>
    <message>
        <source>The hold-out needs a seed (a whole number).</source>
        <translation>Die Abtrennung erfordert einen Seed (eine ganze Zahl).</translation>
    </message>
    <message>
        <source>Poisoned set %1: %2 cannot be loaded (%3): choose an HDF5 file, an IDX file, an image or an image folder.</source>
        <translation>Vergifteter Datensatz %1: %2 kann nicht geladen werden (%3): eine HDF5-Datei, eine IDX-Datei, ein Bild oder einen Bildordner wählen.</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>Modelldatei</translation>
    </message>
    <message>
        <source>Models (*.h5 *.hdf5 *.pt *.pth *.ts);;Keras HDF5 (*.h5 *.hdf5);;PyTorch TorchScript (*.pt *.pth *.ts);;All files (*)</source>
        <translation>Modelle (*.h5 *.hdf5 *.pt *.pth *.ts);;Keras HDF5 (*.h5 *.hdf5);;PyTorch TorchScript (*.pt *.pth *.ts);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Keras .h5 or PyTorch TorchScript .pt</source>
        <translation>Keras-.h5 oder PyTorch-TorchScript-.pt</translation>
    </message>
    <message>
        <source>from the file where it can be inferred; else H,W,C</source>
        <translation>aus der Datei, wo ableitbar; sonst H,B,K</translation>
    </message>
    <message>
        <source>Input shape</source>
        <translation>Eingabeform</translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation>Normalisierung</translation>
    </message>
    <message>
        <source>Choose the model file (Keras .h5 or PyTorch TorchScript .pt).</source>
        <translation>Die Modelldatei wählen (Keras-.h5 oder PyTorch-TorchScript-.pt).</translation>
    </message>
    <message>
        <source>The input shape must be H,W,C: three whole numbers such as 32,32,3.</source>
        <translation>Die Eingabeform muss H,B,K sein: drei ganze Zahlen wie 32,32,3.</translation>
    </message>
    <message>
        <source>A backdoored model of the demo zoo (Fashion-MNIST BadNets that mirror the paper&apos;s), opened with the zoo&apos;s data. Default: patch.</source>
        <translation>Ein Modell mit Backdoor aus dem Demo-Zoo (Fashion-MNIST-BadNets, die denen des Papers nachempfunden sind), geöffnet mit den Daten des Zoos. Standard: patch.</translation>
    </message>
    <message>
        <source>The folder of the demo zoo; built there (minutes) when it is missing. Default: empty, the default folder.</source>
        <translation>Der Ordner des Demo-Zoos; fehlt er, wird er dort erstellt (Minuten). Standard: leer, der Standardordner.</translation>
    </message>
    <message>
        <source>The model under test, B: a Keras .h5 file (weights only or a whole model) or a PyTorch TorchScript .pt file</source>
        <translation>Das zu prüfende Modell B: eine Keras-.h5-Datei (nur Gewichte oder ganzes Modell) oder eine PyTorch-TorchScript-.pt-Datei</translation>
    </message>
    <message>
        <source>Height, width and channels of the images the TorchScript model takes, e.g. 32,32,3. A model that pools adaptively takes any size: say which. Default: empty, inferred from the file.</source>
        <translation>Höhe, Breite und Kanäle der Bilder, die das TorchScript-Modell erwartet, z. B. 32,32,3. Ein Modell mit adaptivem Pooling nimmt jede Größe: hier angeben, welche. Standard: leer, aus der Datei abgeleitet.</translation>
    </message>
    <message>
        <source>The per-channel normalization the model&apos;s data pipeline applies after dividing by 255 (transforms.Normalize): none, cifar10, imagenet, or mean=0.5,0.5,0.5;std=0.25,0.25,0.25. Default: none.</source>
        <translation>Die kanalweise Normalisierung, die die Datenpipeline des Modells nach dem Teilen durch 255 anwendet (transforms.Normalize): none, cifar10, imagenet oder mean=0.5,0.5,0.5;std=0.25,0.25,0.25. Standard: none.</translation>
    </message>
    <message>
        <source>The architecture of a weights-only Keras file, e.g. csaw-badnet (the paper&apos;s BadNet). Default: empty, recorded in the file, else csaw-badnet.</source>
        <translation>Die Architektur einer Keras-Datei, die nur Gewichte enthält, z. B. csaw-badnet (das BadNet des Papers). Standard: leer, in der Datei vermerkt, sonst csaw-badnet.</translation>
    </message>
    <message>
        <source>How pixels are scaled before B sees them: divided by 255 or raw 0..255. A wrong scale costs about half the clean accuracy. Default: the zoo&apos;s scale, else auto-detect (the better of both on the clean test data).</source>
        <translation>Wie Pixel skaliert werden, bevor B sie sieht: durch 255 geteilt oder roh 0..255. Eine falsche Skalierung kostet etwa die Hälfte der sauberen Genauigkeit. Standard: die Skalierung des Zoos, sonst automatische Erkennung (die bessere von beiden auf den sauberen Testdaten).</translation>
    </message>
    <message>
        <source>Clean test data: every CCA is measured on it. Empty with a zoo model: the zoo&apos;s clean test set.</source>
        <translation>Saubere Testdaten: Jede CCA wird darauf gemessen. Leer bei einem Zoo-Modell: der saubere Testdatensatz des Zoos.</translation>
    </message>
    <message>
        <source>Clean data the channels are ranked on and B&apos; is fine-tuned on (the paper: the clean validation set). Empty: held out from the clean test data, or the zoo&apos;s clean validation set.</source>
        <translation>Saubere Daten, auf denen die Kanäle in eine Rangfolge gebracht werden und B&apos; per Fine-Tuning trainiert wird (im Paper: der saubere Validierungsdatensatz). Leer: aus den sauberen Testdaten abgetrennt, oder der saubere Validierungsdatensatz des Zoos.</translation>
    </message>
    <message>
        <source>Without a train set, use a seeded share of the clean test data for ranking and fine-tuning, and measure CCA on the rest. Default: on.</source>
        <translation>Ohne Trainingsdatensatz einen per Seed gezogenen Anteil der sauberen Testdaten für Rangfolge und Fine-Tuning verwenden und die CCA auf dem Rest messen. Standard: an.</translation>
    </message>
    <message>
        <source>Share of the clean test data held out as the train set. Default: %1 %.</source>
        <translation>Anteil der sauberen Testdaten, der als Trainingsdatensatz abgetrennt wird. Standard: %1 %.</translation>
    </message>
    <message>
        <source>Seed of the held-out draw: the same seed holds out the same images. Default: 0.</source>
        <translation>Seed der Abtrennung: Derselbe Seed trennt dieselben Bilder ab. Standard: 0.</translation>
    </message>
    <message>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <source>bfloat16 where it gives the same answers</source>
        <translation>bfloat16, wo es dieselben Antworten gibt</translation>
    </message>
    <message>
        <source>The number format of B&apos;s forward passes (evaluation, STRIP, curves). bfloat16 runs the convolutional layers about 1.8x faster on CPUs with AVX512-BF16; it is kept only when it gives float32&apos;s top class on at least 99.9 % of up to 2000 clean test images, else float32 is used and the workspace panel says why. Ranking and fine-tuning stay float32. Default: float32.</source>
        <translation>Das Zahlenformat der Vorwärtsdurchläufe von B (Auswertung, STRIP, Kurven). bfloat16 rechnet die Faltungsschichten auf CPUs mit AVX512-BF16 etwa 1,8-mal schneller; es wird nur beibehalten, wenn es auf mindestens 99,9 % von bis zu 2000 sauberen Testbildern dieselbe Top-Klasse wie float32 ergibt, sonst wird float32 verwendet und die Arbeitsbereich-Leiste sagt, warum. Rangfolge und Nachtraining bleiben float32. Standard: float32.</translation>
    </message>
    <message>
        <source>Inference precision</source>
        <translation>Inferenz-Genauigkeit</translation>
    </message>
</context>
<context>
    <name>bdl::app::PathField</name>
    <message>
        <source>File...</source>
        <translation>Datei...</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Datei wählen</translation>
    </message>
    <message>
        <source>Folder...</source>
        <translation>Ordner...</translation>
    </message>
    <message>
        <source>Choose an image folder</source>
        <translation>Bildordner wählen</translation>
    </message>
    <message>
        <source>Browse</source>
        <translation>Durchsuchen</translation>
    </message>
    <message>
        <source>An HDF5 file, an IDX file or an image folder</source>
        <translation>Eine HDF5-Datei, eine IDX-Datei oder ein Bildordner</translation>
    </message>
    <message>
        <source>File (HDF5, IDX, image)...</source>
        <translation>Datei (HDF5, IDX, Bild)...</translation>
    </message>
    <message>
        <source>Image folder...</source>
        <translation>Bildordner...</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>nicht gefunden</translation>
    </message>
    <message>
        <source>HDF5 file</source>
        <translation>HDF5-Datei</translation>
    </message>
    <message>
        <source>IDX file</source>
        <translation>IDX-Datei</translation>
    </message>
    <message>
        <source>one image</source>
        <translation>ein Bild</translation>
    </message>
    <message numerus="yes">
        <source>image folder, %n image(s)</source>
        <translation>
            <numerusform>Bildordner, %n Bild</numerusform>
            <numerusform>Bildordner, %n Bilder</numerusform>
        </translation>
    </message>
    <message>
        <source>folder without PNG/JPEG images</source>
        <translation>Ordner ohne PNG-/JPEG-Bilder</translation>
    </message>
    <message>
        <source>not HDF5, IDX or an image</source>
        <translation>weder HDF5 noch IDX noch ein Bild</translation>
    </message>
    <message>
        <source>%1 is not found</source>
        <translation>%1 wurde nicht gefunden</translation>
    </message>
    <message>
        <source>%1 is not an HDF5 file, an IDX file, an image or an image folder (%2)</source>
        <translation>%1 ist keine HDF5-Datei, keine IDX-Datei, kein Bild und kein Bildordner (%2)</translation>
    </message>
    <message>
        <source>%1 is not a folder</source>
        <translation>%1 ist kein Ordner</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>not an HDF5 file</source>
        <translation>keine HDF5-Datei</translation>
    </message>
    <message>
        <source>TorchScript file</source>
        <translation>TorchScript-Datei</translation>
    </message>
    <message>
        <source>%1 is neither a Keras HDF5 nor a PyTorch TorchScript file</source>
        <translation>%1 ist weder eine Keras-HDF5- noch eine PyTorch-TorchScript-Datei</translation>
    </message>
</context>
<context>
    <name>bdl::app::PruneView</name>
    <message>
        <source>Paper protocol: prune one channel, fine-tune, repeat</source>
        <translation>Paper-Protokoll: einen Kanal entfernen, Fine-Tuning, wiederholen</translation>
    </message>
    <message>
        <source>Channels pruned, lowest mean activation on clean data first</source>
        <translation>Entfernte Kanäle, niedrigste mittlere Aktivierung auf sauberen Daten zuerst</translation>
    </message>
    <message>
        <source>Open a workspace to prune</source>
        <translation>Einen Arbeitsbereich öffnen, um Pruning durchzuführen</translation>
    </message>
    <message>
        <source>Channels pruned</source>
        <translation>Entfernte Kanäle</translation>
    </message>
    <message>
        <source>Recompute pruning curve</source>
        <translation>Pruning-Kurve neu berechnen</translation>
    </message>
    <message>
        <source>Fine-tune at k</source>
        <translation>Fine-Tuning bei k</translation>
    </message>
    <message>
        <source>Paper protocol</source>
        <translation>Paper-Protokoll</translation>
    </message>
    <message>
        <source>Run the paper&apos;s protocol</source>
        <translation>Protokoll des Papers ausführen</translation>
    </message>
    <message>
        <source>10 % of the layer</source>
        <translation>10 % der Schicht</translation>
    </message>
    <message>
        <source>Channels (steps)</source>
        <translation>Kanäle (Schritte)</translation>
    </message>
    <message>
        <source>Liu et al. protocol</source>
        <translation>Protokoll nach Liu et al.</translation>
    </message>
    <message>
        <source>Run Liu et al.&apos;s protocol</source>
        <translation>Protokoll nach Liu et al. ausführen</translation>
    </message>
    <message>
        <source> points</source>
        <translation> Punkte</translation>
    </message>
    <message>
        <source>Max accuracy drop</source>
        <translation>Max. Genauigkeitsverlust</translation>
    </message>
    <message>
        <source>No repaired model B&apos; yet</source>
        <translation>Noch kein repariertes Modell B&apos;</translation>
    </message>
    <message>
        <source>Computing the pruning curve...</source>
        <translation>Pruning-Kurve wird berechnet...</translation>
    </message>
    <message>
        <source>k = %1 of %2 channels pruned (%3 %) · %4</source>
        <translation>k = %1 von %2 Kanälen entfernt (%3 %) · %4</translation>
    </message>
    <message>
        <source>&lt;b&gt;B&apos;&lt;/b&gt; (%1): %2&lt;br&gt;%3</source>
        <translation>&lt;b&gt;B&apos;&lt;/b&gt; (%1): %2&lt;br&gt;%3</translation>
    </message>
    <message>
        <source>Fine-tune at k: the learning rate must be a number in (0, 10]</source>
        <translation>Fine-Tuning bei k: Die Lernrate muss eine Zahl in (0, 10] sein</translation>
    </message>
    <message>
        <source>Paper protocol: the learning rate must be a number in (0, 10]</source>
        <translation>Paper-Protokoll: Die Lernrate muss eine Zahl in (0, 10] sein</translation>
    </message>
    <message>
        <source>Liu et al.: the learning rate must be a number in (0, 10]</source>
        <translation>Liu et al.: Die Lernrate muss eine Zahl in (0, 10] sein</translation>
    </message>
    <message>
        <source>⚠ In-sample CCA: no train set was given, so the channels are ranked and B&apos; is fine-tuned on the clean test set the CCA is measured on.</source>
        <translation>⚠ In-Sample-CCA: Es wurde kein Trainingsdatensatz angegeben, daher erfolgen die Rangfolge der Kanäle und das Fine-Tuning von B&apos; auf dem sauberen Testdatensatz, auf dem die CCA gemessen wird.</translation>
    </message>
    <message>
        <source>Reopen with a train set, or let File &gt; Open hold out part of the clean test data as the train set</source>
        <translation>Mit einem Trainingsdatensatz erneut öffnen oder unter Datei &gt; Öffnen einen Teil der sauberen Testdaten als Trainingsdatensatz abtrennen lassen</translation>
    </message>
    <message>
        <source>clean accuracy (CCA, in-sample)</source>
        <translation>saubere Genauigkeit (CCA, In-Sample)</translation>
    </message>
    <message>
        <source>clean accuracy (CCA)</source>
        <translation>saubere Genauigkeit (CCA)</translation>
    </message>
    <message>
        <source>%1 · CCA in-sample</source>
        <translation>%1 · CCA In-Sample</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;⚠ In-sample:&lt;/b&gt; fine-tuned on the clean test set its CCA is measured on</source>
        <translation>&lt;br&gt;&lt;b&gt;⚠ In-Sample:&lt;/b&gt; Fine-Tuning auf dem sauberen Testdatensatz, auf dem seine CCA gemessen wird</translation>
    </message>
    <message>
        <source>Channels the paper&apos;s protocol prunes, one at a time, fine-tuning after each. Paper default: 10 % of the layer&apos;s channels.</source>
        <translation>Kanäle, die das Paper-Protokoll einzeln entfernt, mit Fine-Tuning nach jedem. Standard des Papers: 10 % der Kanäle der Schicht.</translation>
    </message>
    <message>
        <source>Liu et al.&apos;s stopping rule: prune (without fine-tuning) until the clean validation accuracy (20 % held out of the train set) drops by more than this many points, then fine-tune once. Liu et al.&apos;s default: 4 points.</source>
        <translation>Die Abbruchregel von Liu et al.: Kanäle entfernen (ohne Fine-Tuning), bis die saubere Validierungsgenauigkeit (20 % des Trainingsdatensatzes abgetrennt) um mehr als so viele Punkte fällt, dann einmal Fine-Tuning. Standard von Liu et al.: 4 Punkte.</translation>
    </message>
</context>
<context>
    <name>bdl::app::RecentFiles</name>
    <message>
        <source>No recent files</source>
        <translation>Keine zuletzt geöffneten Dateien</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>&amp;Leeren</translation>
    </message>
</context>
<context>
    <name>bdl::app::RecoveryDialog</name>
    <message>
        <source>Autosaved Sessions</source>
        <translation>Automatisch gespeicherte Sitzungen</translation>
    </message>
    <message>
        <source>BackdoorLab did not exit normally, and these autosaved sessions were left behind. Restore one, or discard those you do not need. Until you choose, they are kept as they are.</source>
        <translation>BackdoorLab wurde nicht normal beendet, und diese automatisch gespeicherten Sitzungen sind zurückgeblieben. Eine davon wiederherstellen oder die nicht benötigten verwerfen. Bis zu einer Entscheidung bleiben sie unverändert erhalten.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Decide Later</source>
        <translation>Später entscheiden</translation>
    </message>
</context>
<context>
    <name>bdl::app::ResultFileText</name>
    <message>
        <source>this is one shard of a sharded result (a partial file); merge the parts first: %1</source>
        <translation>dies ist ein Teil (Shard) eines aufgeteilten Ergebnisses (eine Teildatei); zuerst die Teile zusammenführen: %1</translation>
    </message>
    <message>
        <source>this is shard %1 of %2 of a %3 result; merge the parts first: %4</source>
        <translation>dies ist Teil %1 von %2 eines %3-Ergebnisses; zuerst die Teile zusammenführen: %4</translation>
    </message>
    <message>
        <source>&apos;lrs&apos; is empty: the sweep has no learning rate</source>
        <translation>&apos;lrs&apos; ist leer: der Sweep hat keine Lernrate</translation>
    </message>
    <message>
        <source>&apos;ks&apos; is empty: the sweep has no channel count</source>
        <translation>&apos;ks&apos; ist leer: der Sweep hat keine Kanalanzahl</translation>
    </message>
    <message>
        <source>the grid has %1 cells (%2 learning rates x %3 channel counts); at most %4 can be shown</source>
        <translation>das Raster hat %1 Zellen (%2 Lernraten x %3 Kanalanzahlen); höchstens %4 können gezeigt werden</translation>
    </message>
    <message>
        <source>&apos;asr&apos; has a set without a name</source>
        <translation>&apos;asr&apos; hat einen Datensatz ohne Namen</translation>
    </message>
    <message>
        <source>&apos;protocol&apos; is &quot;%1&quot;, not &quot;paper&quot; or &quot;liu&quot;</source>
        <translation>&apos;protocol&apos; ist &quot;%1&quot;, nicht &quot;paper&quot; oder &quot;liu&quot;</translation>
    </message>
    <message>
        <source>%1 is %2</source>
        <translation>%1 ist %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>Datei nicht vorhanden</translation>
    </message>
    <message>
        <source>not a file</source>
        <translation>keine Datei</translation>
    </message>
    <message>
        <source>cannot open: %1</source>
        <translation>Öffnen nicht möglich: %1</translation>
    </message>
    <message>
        <source>%1 bytes is too large for a result file (at most %2)</source>
        <translation>%1 Byte sind zu groß für eine Ergebnisdatei (höchstens %2)</translation>
    </message>
    <message>
        <source>not enough memory to read it</source>
        <translation>nicht genug Speicher, um sie zu lesen</translation>
    </message>
    <message>
        <source>cannot read: %1</source>
        <translation>Lesen nicht möglich: %1</translation>
    </message>
    <message>
        <source>not valid JSON (error at byte %1: %2)</source>
        <translation>kein gültiges JSON (Fehler bei Byte %1: %2)</translation>
    </message>
    <message>
        <source>not a BackdoorLab result (the JSON is not an object)</source>
        <translation>kein BackdoorLab-Ergebnis (das JSON ist kein Objekt)</translation>
    </message>
    <message>
        <source>not a BackdoorLab result: it has no &quot;command&quot; (results of backdoorlab-cli sweep, strip or audit with --json, or of backdoorlab-cli merge, have one)</source>
        <translation>kein BackdoorLab-Ergebnis: es hat kein &quot;command&quot; (Ergebnisse von backdoorlab-cli sweep, strip oder audit mit --json oder von backdoorlab-cli merge haben eines)</translation>
    </message>
    <message>
        <source>a &quot;%1&quot; result; the desktop app opens sweep, strip and audit results</source>
        <translation>ein &quot;%1&quot;-Ergebnis; die Desktop-Anwendung öffnet sweep-, strip- und audit-Ergebnisse</translation>
    </message>
    <message>
        <source>%1 has a set without a name</source>
        <translation>%1 hat einen Datensatz ohne Namen</translation>
    </message>
    <message>
        <source>%1 is not increasing at position %2</source>
        <translation>%1 steigt an Position %2 nicht an</translation>
    </message>
    <message>
        <source>&apos;models&apos; is empty: the audit has no model</source>
        <translation>&apos;models&apos; ist leer: das Audit hat kein Modell</translation>
    </message>
    <message>
        <source>a finite number</source>
        <translation>eine endliche Zahl</translation>
    </message>
    <message>
        <source>a number &gt;= 0</source>
        <translation>eine Zahl &gt;= 0</translation>
    </message>
    <message>
        <source>a number &gt; 0</source>
        <translation>eine Zahl &gt; 0</translation>
    </message>
    <message>
        <source>a percentage (0 to 100)</source>
        <translation>ein Prozentwert (0 bis 100)</translation>
    </message>
    <message>
        <source>a number from 0 to 1</source>
        <translation>eine Zahl von 0 bis 1</translation>
    </message>
    <message>
        <source>%1 has %2</source>
        <translation>%1 hat %2</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true oder false</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>eine Zeichenkette</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>ein Array</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>%1 is missing</source>
        <translation>%1 fehlt</translation>
    </message>
    <message>
        <source>%1 is %2, not an object</source>
        <translation>%1 ist %2, kein Objekt</translation>
    </message>
    <message>
        <source>%1 is %2, not an array</source>
        <translation>%1 ist %2, kein Array</translation>
    </message>
    <message>
        <source>%1 is %2, not a string</source>
        <translation>%1 ist %2, keine Zeichenkette</translation>
    </message>
    <message>
        <source>%1 is an empty string</source>
        <translation>%1 ist eine leere Zeichenkette</translation>
    </message>
    <message>
        <source>%1 is %2, not true or false</source>
        <translation>%1 ist %2, nicht true oder false</translation>
    </message>
    <message>
        <source>%1 is %2, not a whole number from %3 to %4</source>
        <translation>%1 ist %2, keine ganze Zahl von %3 bis %4</translation>
    </message>
    <message>
        <source>%1 is %2, not %3</source>
        <translation>%1 ist %2, nicht %3</translation>
    </message>
    <message>
        <source> or null</source>
        <translation> oder null</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <translation>%1; %2</translation>
    </message>
    <message>
        <source>%1 has %2 rows; %3</source>
        <translation>%1 hat %2 Zeilen; %3</translation>
    </message>
    <message>
        <source>%1 has %2 values; %3</source>
        <translation>%1 hat %2 Werte; %3</translation>
    </message>
    <message>
        <source>%1 is &quot;%2&quot;, not &quot;yes&quot;, &quot;partly&quot;, &quot;no&quot; or &quot;unknown&quot;</source>
        <translation>%1 ist &quot;%2&quot;, nicht &quot;yes&quot;, &quot;partly&quot;, &quot;no&quot; oder &quot;unknown&quot;</translation>
    </message>
</context>
<context>
    <name>bdl::app::ResultWindow</name>
    <message>
        <source>%1 - %2 - BackdoorLab</source>
        <translation>%1 - %2 - BackdoorLab</translation>
    </message>
    <message>
        <source>Loaded result: %1 (backdoorlab-cli %2). These are the numbers of a finished run, read from this file: not a live analysis. The workspace in the main window is unchanged.</source>
        <translation>Geladenes Ergebnis: %1 (backdoorlab-cli %2). Dies sind die Zahlen eines abgeschlossenen Laufs, aus dieser Datei gelesen: keine laufende Analyse. Der Arbeitsbereich im Hauptfenster bleibt unverändert.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>LR sweep result</source>
        <translation>LR-Sweep-Ergebnis</translation>
    </message>
    <message>
        <source>STRIP result</source>
        <translation>STRIP-Ergebnis</translation>
    </message>
    <message>
        <source>Audit result</source>
        <translation>Audit-Ergebnis</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>paper protocol (prune a channel, fine-tune, repeat)</source>
        <translation>Paper-Protokoll (einen Kanal entfernen, Fine-Tuning, wiederholen)</translation>
    </message>
    <message>
        <source>Liu et al.&apos;s protocol (each cell: prune k channels, fine-tune once)</source>
        <translation>Protokoll nach Liu et al. (jede Zelle: k Kanäle entfernen, einmal Fine-Tuning)</translation>
    </message>
    <message>
        <source>epochs per fine-tuning: %1</source>
        <translation>Epochen pro Fine-Tuning: %1</translation>
    </message>
    <message>
        <source>fine-tuned on the clean test set (CCA in-sample)</source>
        <translation>Fine-Tuning auf dem sauberen Testdatensatz (CCA In-Sample)</translation>
    </message>
    <message>
        <source>Sweep of %1</source>
        <translation>Sweep von %1</translation>
    </message>
</context>
<context>
    <name>bdl::app::ScreenshotRunner</name>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>No screenshot: %1 failed: %2</source>
        <translation>Kein Screenshot: %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Could not render the window for %1</source>
        <translation>Das Fenster konnte für %1 nicht gerendert werden</translation>
    </message>
    <message>
        <source>Could not encode the screenshot as PNG for %1</source>
        <translation>Der Screenshot konnte für %1 nicht als PNG kodiert werden</translation>
    </message>
    <message>
        <source>No screenshot: unknown view &quot;%1&quot; (one of: %2)</source>
        <translation>Kein Screenshot: unbekannte Ansicht &quot;%1&quot; (eine von: %2)</translation>
    </message>
    <message>
        <source>the workspace has no poisoned set to inspect</source>
        <translation>der Arbeitsbereich hat keinen vergifteten Datensatz zum Untersuchen</translation>
    </message>
    <message>
        <source>No screenshot: %1 could not start: %2</source>
        <translation>Kein Screenshot: %1 konnte nicht starten: %2</translation>
    </message>
    <message>
        <source>the controller refused it</source>
        <translation>der Controller hat es abgelehnt</translation>
    </message>
</context>
<context>
    <name>bdl::app::Session</name>
    <message>
        <source>not a BackdoorLab session (no &quot;format&quot;: &quot;%1&quot;)</source>
        <translation>keine BackdoorLab-Sitzung (kein &quot;format&quot;: &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>the session has no valid format version</source>
        <translation>die Sitzung hat keine gültige Formatversion</translation>
    </message>
    <message>
        <source>the session has format version %1; this BackdoorLab reads up to %2: update BackdoorLab to open it</source>
        <translation>die Sitzung hat die Formatversion %1; dieses BackdoorLab liest bis %2: BackdoorLab aktualisieren, um sie zu öffnen</translation>
    </message>
    <message>
        <source>expected 64 hexadecimal digits</source>
        <translation>64 Hexadezimalziffern erwartet</translation>
    </message>
    <message>
        <source>damaged session: %1</source>
        <translation>beschädigte Sitzung: %1</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1: Schreiben nicht möglich: %2</translation>
    </message>
    <message>
        <source>%1: cannot write (disk full?): %2</source>
        <translation>%1: Schreiben nicht möglich (Datenträger voll?): %2</translation>
    </message>
    <message>
        <source>%1: cannot open: %2</source>
        <translation>%1: Öffnen nicht möglich: %2</translation>
    </message>
    <message>
        <source>%1: %2 bytes is too large for a session file</source>
        <translation>%1: %2 Bytes sind zu groß für eine Sitzungsdatei</translation>
    </message>
    <message>
        <source>%1: not a session file (JSON error at byte %2: %3)</source>
        <translation>%1: keine Sitzungsdatei (JSON-Fehler bei Byte %2: %3)</translation>
    </message>
    <message>
        <source>%1: not a session file (no JSON object)</source>
        <translation>%1: keine Sitzungsdatei (kein JSON-Objekt)</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>expected a number</source>
        <translation>Zahl erwartet</translation>
    </message>
    <message>
        <source>expected a whole number in %1..%2</source>
        <translation>ganze Zahl in %1..%2 erwartet</translation>
    </message>
    <message>
        <source>expected a whole number</source>
        <translation>ganze Zahl erwartet</translation>
    </message>
    <message>
        <source>expected an unsigned whole number as a string</source>
        <translation>vorzeichenlose ganze Zahl als String erwartet</translation>
    </message>
    <message>
        <source>expected true or false</source>
        <translation>true oder false erwartet</translation>
    </message>
    <message>
        <source>expected a string</source>
        <translation>String erwartet</translation>
    </message>
    <message>
        <source>expected an object</source>
        <translation>Objekt erwartet</translation>
    </message>
    <message>
        <source>expected an array</source>
        <translation>Array erwartet</translation>
    </message>
    <message>
        <source>out of range</source>
        <translation>außerhalb des Wertebereichs</translation>
    </message>
    <message>
        <source>has %1 entries, expected %2</source>
        <translation>hat %1 Einträge, erwartet %2</translation>
    </message>
    <message>
        <source>needs the calibration and clean test sets</source>
        <translation>erfordert die Kalibrierungs- und die sauberen Testdatensätze</translation>
    </message>
    <message>
        <source>expected a non-negative number</source>
        <translation>nicht-negative Zahl erwartet</translation>
    </message>
    <message>
        <source>expected &quot;alpha&quot; or &quot;additive&quot;</source>
        <translation>&quot;alpha&quot; oder &quot;additive&quot; erwartet</translation>
    </message>
    <message>
        <source>expected &quot;train&quot; or &quot;clean-test&quot;</source>
        <translation>&quot;train&quot; oder &quot;clean-test&quot; erwartet</translation>
    </message>
    <message>
        <source>expected &quot;normal-fit&quot;, &quot;percentile&quot; or &quot;equal-error&quot;</source>
        <translation>&quot;normal-fit&quot;, &quot;percentile&quot; oder &quot;equal-error&quot; erwartet</translation>
    </message>
    <message>
        <source>not valid base64</source>
        <translation>kein gültiges Base64</translation>
    </message>
    <message>
        <source>weights without the repair they belong to</source>
        <translation>Gewichte ohne die zugehörige Reparatur</translation>
    </message>
    <message>
        <source>the request opens %1 but the results are for %2</source>
        <translation>die Anfrage öffnet %1, aber die Ergebnisse gehören zu %2</translation>
    </message>
    <message>
        <source>the request&apos;s clean test data %1 is not the results&apos; %2</source>
        <translation>die sauberen Testdaten der Anfrage (%1) sind nicht die der Ergebnisse (%2)</translation>
    </message>
    <message>
        <source>the request&apos;s train data %1 is not the results&apos; %2</source>
        <translation>die Trainingsdaten der Anfrage (%1) sind nicht die der Ergebnisse (%2)</translation>
    </message>
    <message>
        <source>the request&apos;s poisoned sets are not those of the results</source>
        <translation>die vergifteten Datensätze der Anfrage sind nicht die der Ergebnisse</translation>
    </message>
    <message>
        <source>%1: not saved, it would not reopen: %2</source>
        <translation>%1: nicht gespeichert, da sie sich nicht wieder öffnen ließe: %2</translation>
    </message>
    <message>
        <source>%1 reads back differently</source>
        <translation>%1 wird abweichend zurückgelesen</translation>
    </message>
    <message>
        <source>more than %1 candidates</source>
        <translation>mehr als %1 Kandidaten</translation>
    </message>
    <message>
        <source>the id %1 is used twice</source>
        <translation>die ID %1 wird zweimal verwendet</translation>
    </message>
    <message>
        <source>no weights</source>
        <translation>keine Gewichte</translation>
    </message>
    <message>
        <source>names no entry of results.candidates</source>
        <translation>nennt keinen Eintrag von results.candidates</translation>
    </message>
    <message>
        <source>candidates without the current B&apos; (results.repaired and results.repairedWeights)</source>
        <translation>Kandidaten ohne das aktuelle B&apos; (results.repaired und results.repairedWeights)</translation>
    </message>
</context>
<context>
    <name>bdl::app::SessionManager</name>
    <message>
        <source>Nothing to save in %1: no workspace is open</source>
        <translation>Nichts zu speichern in %1: kein Arbeitsbereich geöffnet</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>%1 konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Could not read the session %1</source>
        <translation>Die Sitzung %1 konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Reopening the session %1...</source>
        <translation>Sitzung %1 wird wieder geöffnet...</translation>
    </message>
    <message>
        <source>Could not reopen the session %1: %2</source>
        <translation>Die Sitzung %1 konnte nicht wieder geöffnet werden: %2</translation>
    </message>
    <message>
        <source>analysis.bdlsession</source>
        <translation>analyse.bdlsession</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>BackdoorLab sessions (*.bdlsession)</source>
        <translation>BackdoorLab-Sitzungen (*.bdlsession)</translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <source>BackdoorLab sessions (*.bdlsession);;All files (*)</source>
        <translation>BackdoorLab-Sitzungen (*.bdlsession);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>BackdoorLab did not exit normally last time; its autosave was kept: %1</source>
        <translation>BackdoorLab wurde beim letzten Mal nicht normal beendet; die automatische Speicherung wurde behalten: %1</translation>
    </message>
    <message numerus="yes">
        <source>BackdoorLab did not exit normally; %n autosaved session(s) were kept: %1</source>
        <translation>
            <numerusform>BackdoorLab wurde nicht normal beendet; %n automatisch gespeicherte Sitzung wurde behalten: %1</numerusform>
            <numerusform>BackdoorLab wurde nicht normal beendet; %n automatisch gespeicherte Sitzungen wurden behalten: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Restore or Discard...</source>
        <translation>Wiederherstellen oder verwerfen...</translation>
    </message>
    <message>
        <source>%1 is being restored; it cannot be discarded now</source>
        <translation>%1 wird gerade wiederhergestellt und kann jetzt nicht verworfen werden</translation>
    </message>
</context>
<context>
    <name>bdl::app::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>Die Sprache ändert sich beim nächsten Start.</translation>
    </message>
    <message>
        <source>Dark plots</source>
        <translation>Dunkle Diagramme</translation>
    </message>
    <message>
        <source>every core</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>Worker &amp;threads:</source>
        <translation>Worker-&amp;Threads:</translation>
    </message>
    <message>
        <source>Threads change at the next start.</source>
        <translation>Die Threads ändern sich beim nächsten Start.</translation>
    </message>
    <message>
        <source>Autosave after every job, to recover the analysis after a crash</source>
        <translation>Nach jedem Job automatisch speichern, um die Analyse nach einem Absturz wiederherstellen zu können</translation>
    </message>
    <message>
        <source>The language of the window; applies at the next start. Default: the system&apos;s language.</source>
        <translation>Die Sprache des Fensters; gilt ab dem nächsten Start. Standard: die Sprache des Systems.</translation>
    </message>
    <message>
        <source>Draw the plots on a dark background (View &gt; Dark plots, Ctrl+D). Default: off.</source>
        <translation>Die Diagramme auf dunklem Hintergrund zeichnen (Ansicht &gt; Dunkle Diagramme, Strg+D). Standard: aus.</translation>
    </message>
    <message>
        <source>LibTorch threads of the computations; applies at the next start. Default: every core.</source>
        <translation>LibTorch-Threads der Berechnungen; gilt ab dem nächsten Start. Standard: alle Kerne.</translation>
    </message>
    <message>
        <source>After every job that changes results, write the analysis to an autosave file that the next start offers to restore after a crash. Default: on.</source>
        <translation>Nach jedem Job, der Ergebnisse ändert, die Analyse in eine Autosave-Datei schreiben, deren Wiederherstellung der nächste Start nach einem Absturz anbietet. Standard: an.</translation>
    </message>
</context>
<context>
    <name>bdl::app::StageText</name>
    <message>
        <source>activations of %1</source>
        <translation>Aktivierungen von %1</translation>
    </message>
    <message>
        <source>predicting</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <source>fine-tuning</source>
        <translation>Fine-Tuning</translation>
    </message>
    <message>
        <source>fine-tuning, epoch %1/%2</source>
        <translation>Fine-Tuning, Epoche %1/%2</translation>
    </message>
    <message>
        <source>ranking channels</source>
        <translation>Rangfolge der Kanäle</translation>
    </message>
    <message>
        <source>pruning</source>
        <translation>Pruning</translation>
    </message>
    <message>
        <source>pruning %1/%2</source>
        <translation>Pruning %1/%2</translation>
    </message>
    <message>
        <source>fine-pruning %1/%2</source>
        <translation>Fine-Pruning %1/%2</translation>
    </message>
    <message numerus="yes">
        <source>lr %1, %n channel(s)</source>
        <translation>
            <numerusform>lr %1, %n Kanal</numerusform>
            <numerusform>lr %1, %n Kanäle</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>re-creating the cell: %n channel(s)</source>
        <translation>
            <numerusform>Zelle wird neu erstellt: %n Kanal</numerusform>
            <numerusform>Zelle wird neu erstellt: %n Kanäle</numerusform>
        </translation>
    </message>
    <message>
        <source>STRIP</source>
        <translation>STRIP</translation>
    </message>
    <message>
        <source>reading %1</source>
        <translation>%1 wird gelesen</translation>
    </message>
    <message>
        <source>reading images</source>
        <translation>Bilder werden gelesen</translation>
    </message>
    <message>
        <source>reading Fashion-MNIST</source>
        <translation>Fashion-MNIST wird gelesen</translation>
    </message>
    <message>
        <source>writing the data files</source>
        <translation>Datendateien werden geschrieben</translation>
    </message>
    <message>
        <source>training model %1</source>
        <translation>Modell %1 wird trainiert</translation>
    </message>
    <message>
        <source>training model %1, epoch %2/%3</source>
        <translation>Modell %1 wird trainiert, Epoche %2/%3</translation>
    </message>
    <message>
        <source>waiting for another process building the zoo</source>
        <translation>Warten auf einen anderen Prozess, der den Zoo erstellt</translation>
    </message>
    <message>
        <source>zoo ready</source>
        <translation>Zoo bereit</translation>
    </message>
    <message>
        <source>activations of B&apos; on %1</source>
        <translation>Aktivierungen von B&apos; auf %1</translation>
    </message>
    <message>
        <source>G(B, B&apos;)</source>
        <translation>G(B, B&apos;)</translation>
    </message>
    <message numerus="yes">
        <source>B0: fine-pruning %n channel(s)</source>
        <translation>
            <numerusform>B0: Fine-Pruning von %n Kanal</numerusform>
            <numerusform>B0: Fine-Pruning von %n Kanälen</numerusform>
        </translation>
    </message>
    <message>
        <source>B0</source>
        <translation>B0</translation>
    </message>
    <message>
        <source>G&apos;(B0, B&apos;)</source>
        <translation>G&apos;(B0, B&apos;)</translation>
    </message>
    <message>
        <source>pruning curve of B</source>
        <translation>Pruning-Kurve von B</translation>
    </message>
    <message>
        <source>inspect: B</source>
        <translation>Untersuchen: B</translation>
    </message>
    <message>
        <source>building the demo zoo (%1; about 4 minutes on 2 cores)</source>
        <translation>Demo-Zoo wird erstellt (%1; etwa 4 Minuten auf 2 Kernen)</translation>
    </message>
    <message>
        <source>loading %1</source>
        <translation>%1 wird geladen</translation>
    </message>
    <message>
        <source>detecting the input scale</source>
        <translation>Eingabeskalierung wird erkannt</translation>
    </message>
    <message>
        <source>restoring the saved results</source>
        <translation>Gespeicherte Ergebnisse werden wiederhergestellt</translation>
    </message>
    <message>
        <source>STRIP detail</source>
        <translation>STRIP-Details</translation>
    </message>
    <message>
        <source>STRIP: %1 %2/%3</source>
        <translation>STRIP: %1 %2/%3</translation>
    </message>
    <message>
        <source>checking the saved weights</source>
        <translation>Gespeicherte Gewichte werden geprüft</translation>
    </message>
    <message>
        <source>loading B&apos; candidate #%1</source>
        <translation>Kandidat Nr. %1 für B&apos; wird geladen</translation>
    </message>
</context>
<context>
    <name>bdl::app::StripMath</name>
    <message>
        <source>normal fit (FRR %1 %)</source>
        <translation>Normalverteilungs-Fit (FRR %1 %)</translation>
    </message>
    <message>
        <source>percentile (FRR %1 %)</source>
        <translation>Perzentil (FRR %1 %)</translation>
    </message>
    <message>
        <source>equal error (oracle)</source>
        <translation>Equal Error (Orakel)</translation>
    </message>
</context>
<context>
    <name>bdl::app::StripResultView</name>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>normal fit</source>
        <translation>Normalverteilungs-Fit</translation>
    </message>
    <message>
        <source>percentile</source>
        <translation>Perzentil</translation>
    </message>
    <message>
        <source>equal error (oracle: uses poisoned data)</source>
        <translation>Equal Error (Orakel: verwendet vergiftete Daten)</translation>
    </message>
    <message>
        <source>Equal-width bins of the entropy histograms, shared by every set. Default: %1.</source>
        <translation>Gleich breite Bins der Entropie-Histogramme, für alle Datensätze gemeinsam. Standard: %1.</translation>
    </message>
    <message>
        <source>Bins</source>
        <translation>Bins</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwellenwert</translation>
    </message>
    <message>
        <source>FRR</source>
        <translation>FRR</translation>
    </message>
    <message>
        <source>FAR</source>
        <translation>FAR</translation>
    </message>
    <message>
        <source>AUROC</source>
        <translation>AUROC</translation>
    </message>
    <message>
        <source>CCA</source>
        <translation>CCA</translation>
    </message>
    <message>
        <source>ASR</source>
        <translation>ASR</translation>
    </message>
    <message>
        <source>Clean inputs flagged as trojaned (false rejections)</source>
        <translation>Saubere Eingaben, die als trojanisiert markiert werden (Falschrückweisungen)</translation>
    </message>
    <message>
        <source>Poisoned inputs not flagged (false acceptances)</source>
        <translation>Vergiftete Eingaben, die nicht markiert werden (Falschakzeptanzen)</translation>
    </message>
    <message>
        <source>STRIP as a filter: clean inputs classified correctly and not flagged</source>
        <translation>STRIP als Filter: saubere Eingaben, die richtig klassifiziert und nicht markiert werden</translation>
    </message>
    <message>
        <source>STRIP as a filter: poisoned inputs that reach the attack&apos;s target and are not flagged</source>
        <translation>STRIP als Filter: vergiftete Eingaben, die das Ziel des Angriffs erreichen und nicht markiert werden</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>%1, FRR %2 %</source>
        <translation>%1, FRR %2 %</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>N = %1 superimpositions (%2 blend); threshold %3</source>
        <translation>N = %1 Überlagerungen (%2-Überblendung); Schwellenwert %3</translation>
    </message>
    <message>
        <source>poisoned set</source>
        <translation>vergifteter Datensatz</translation>
    </message>
    <message>
        <source>clean test set</source>
        <translation>sauberer Testdatensatz</translation>
    </message>
</context>
<context>
    <name>bdl::app::StripSettingsForm</name>
    <message>
        <source>STRIP settings</source>
        <translation>STRIP-Einstellungen</translation>
    </message>
    <message>
        <source>alpha blend</source>
        <translation>Alpha-Überblendung</translation>
    </message>
    <message>
        <source>additive (as in the STRIP paper)</source>
        <translation>additiv (wie im STRIP-Paper)</translation>
    </message>
    <message>
        <source>clean train set</source>
        <translation>sauberer Trainingsdatensatz</translation>
    </message>
    <message>
        <source>clean test set</source>
        <translation>sauberer Testdatensatz</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Run STRIP</source>
        <translation>STRIP ausführen</translation>
    </message>
    <message>
        <source>Superimpositions N</source>
        <translation>Überlagerungen N</translation>
    </message>
    <message>
        <source>Blend</source>
        <translation>Überblendung</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>Overlays from</source>
        <translation>Überlagerungsbilder aus</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Inputs per set</source>
        <translation>Eingaben pro Datensatz</translation>
    </message>
    <message>
        <source>Calibration inputs</source>
        <translation>Kalibrierungseingaben</translation>
    </message>
    <message>
        <source>Threshold rule</source>
        <translation>Schwellenwertregel</translation>
    </message>
    <message>
        <source>Target FRR</source>
        <translation>Ziel-FRR</translation>
    </message>
    <message>
        <source>normal fit at FRR</source>
        <translation>Normalverteilungs-Fit bei FRR</translation>
    </message>
    <message>
        <source>percentile at FRR</source>
        <translation>Perzentil bei FRR</translation>
    </message>
    <message>
        <source>equal error (oracle: uses poisoned data)</source>
        <translation>Equal Error (Orakel: verwendet vergiftete Daten)</translation>
    </message>
    <message>
        <source>Split the clean data automatically</source>
        <translation>Saubere Daten automatisch aufteilen</translation>
    </message>
    <message>
        <source>Superimpositions per input: each input is blended with N clean overlay images and scored by the mean entropy of B&apos;s predictions on the blends. Paper default: 100.</source>
        <translation>Überlagerungen pro Eingabe: Jede Eingabe wird mit N sauberen Überlagerungsbildern überblendet und nach der mittleren Entropie der Vorhersagen von B auf den Überblendungen bewertet. Standard des Papers: 100.</translation>
    </message>
    <message>
        <source>When one small clean set supplies both the overlays and the calibration inputs, use at most half of it as overlays (N is lowered) so that the threshold has calibration inputs. Untick to use N as given. Default: on.</source>
        <translation>Wenn ein kleiner sauberer Datensatz sowohl die Überlagerungsbilder als auch die Kalibrierungseingaben liefert, höchstens die Hälfte davon als Überlagerungsbilder verwenden (N wird verringert), damit für den Schwellenwert Kalibrierungseingaben bleiben. Deaktivieren, um N wie angegeben zu verwenden. Standard: an.</translation>
    </message>
    <message>
        <source>How an input and an overlay are superimposed: alpha blend (alpha x input + (1 - alpha) x overlay) or the STRIP paper&apos;s addition (clipped to 0..255). Default: alpha blend at 0.5.</source>
        <translation>Wie eine Eingabe und ein Überlagerungsbild überlagert werden: Alpha-Überblendung (alpha x Eingabe + (1 - alpha) x Überlagerungsbild) oder die Addition des STRIP-Papers (auf 0..255 begrenzt). Standard: Alpha-Überblendung mit 0,5.</translation>
    </message>
    <message>
        <source>Weight of the input in the alpha blend; the overlay gets 1 - alpha. Default: 0.5.</source>
        <translation>Gewicht der Eingabe in der Alpha-Überblendung; das Überlagerungsbild erhält 1 - alpha. Standard: 0,5.</translation>
    </message>
    <message>
        <source>The clean set the N overlay images are drawn from. Default: the clean train set (the paper draws them from the training data).</source>
        <translation>Der saubere Datensatz, aus dem die N Überlagerungsbilder gezogen werden. Standard: der saubere Trainingsdatensatz (das Paper zieht sie aus den Trainingsdaten).</translation>
    </message>
    <message>
        <source>Seeds the draw of the overlays, the scored inputs and the calibration inputs: the same seed gives the same threshold in the app and the CLI. Default: 0.</source>
        <translation>Seed für das Ziehen der Überlagerungsbilder, der bewerteten Eingaben und der Kalibrierungseingaben: Derselbe Seed ergibt in der App und in der CLI denselben Schwellenwert. Standard: 0.</translation>
    </message>
    <message>
        <source>Inputs scored per test set, drawn at random with the seed (0: all). Default: 1000 (the paper scored 3000 per set).</source>
        <translation>Bewertete Eingaben pro Testdatensatz, zufällig mit dem Seed gezogen (0: alle). Standard: 1000 (das Paper bewertete 3000 pro Datensatz).</translation>
    </message>
    <message>
        <source>Clean inputs from the train set that fix the threshold (never the clean test inputs, never an overlay). Default: 1000.</source>
        <translation>Saubere Eingaben aus dem Trainingsdatensatz, die den Schwellenwert festlegen (nie die sauberen Testeingaben, nie ein Überlagerungsbild). Standard: 1000.</translation>
    </message>
    <message>
        <source>How the threshold is set: a normal fit or a percentile of the clean calibration entropies at the target FRR, or equal error (FRR = FAR), an oracle that looks at poisoned data. Default: normal fit.</source>
        <translation>Wie der Schwellenwert festgelegt wird: Normalverteilungs-Fit oder Perzentil der sauberen Kalibrierungsentropien bei der Ziel-FRR, oder Equal Error (FRR = FAR), ein Orakel, das vergiftete Daten ansieht. Standard: Normalverteilungs-Fit.</translation>
    </message>
    <message>
        <source>Clean inputs the threshold may reject (false rejection rate). Paper default: 1 %.</source>
        <translation>Saubere Eingaben, die der Schwellenwert zurückweisen darf (Falschrückweisungsrate). Standard des Papers: 1 %.</translation>
    </message>
</context>
<context>
    <name>bdl::app::StripView</name>
    <message>
        <source>No STRIP run yet</source>
        <translation>Noch kein STRIP-Lauf</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Kenngröße</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Show the calibration set</source>
        <translation>Kalibrierungsdatensatz anzeigen</translation>
    </message>
    <message>
        <source>Drag the line on the histogram to move the threshold</source>
        <translation>Die Linie im Histogramm ziehen, um den Schwellenwert zu verschieben</translation>
    </message>
    <message>
        <source>Reset to rule</source>
        <translation>Auf Regel zurücksetzen</translation>
    </message>
    <message>
        <source>Bins</source>
        <translation>Bins</translation>
    </message>
    <message>
        <source>Threshold:</source>
        <translation>Schwellenwert:</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>Index</translation>
    </message>
    <message>
        <source>Entropy (bits)</source>
        <translation>Entropie (Bit)</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>Vorhergesagt</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Markiert</translation>
    </message>
    <message>
        <source>Click a bar of the histogram to list its inputs.</source>
        <translation>Auf einen Balken des Histogramms klicken, um seine Eingaben aufzulisten.</translation>
    </message>
    <message>
        <source>Scoring...</source>
        <translation>Bewertung läuft...</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>manual: %1</source>
        <translation>manuell: %1</translation>
    </message>
    <message>
        <source>normal fit, FRR %1 %: %2</source>
        <translation>Normalverteilungs-Fit, FRR %1 %: %2</translation>
    </message>
    <message>
        <source>percentile, FRR %1 %: %2</source>
        <translation>Perzentil, FRR %1 %: %2</translation>
    </message>
    <message>
        <source>equal error (oracle: uses poisoned data): %1</source>
        <translation>Equal Error (Orakel: verwendet vergiftete Daten): %1</translation>
    </message>
    <message>
        <source>STRIP: a job is running; run STRIP when it has finished</source>
        <translation>STRIP: Ein Job läuft; STRIP ausführen, wenn er beendet ist</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>Threshold (bits)</source>
        <translation>Schwellenwert (Bit)</translation>
    </message>
    <message>
        <source>FRR (clean test flagged)</source>
        <translation>FRR (markierte saubere Testdaten)</translation>
    </message>
    <message>
        <source>Calibration FRR</source>
        <translation>Kalibrierungs-FRR</translation>
    </message>
    <message>
        <source>STRIP CCA</source>
        <translation>STRIP CCA</translation>
    </message>
    <message>
        <source>FAR · %1</source>
        <translation>FAR · %1</translation>
    </message>
    <message>
        <source>ASR · %1</source>
        <translation>ASR · %1</translation>
    </message>
    <message>
        <source>AUROC · %1</source>
        <translation>AUROC · %1</translation>
    </message>
    <message>
        <source>No input of %1 in this bin.</source>
        <translation>Keine Eingabe von %1 in diesem Bin.</translation>
    </message>
    <message numerus="yes">
        <source>%n input(s) of %1 in this bin; select one to see it under STRIP.</source>
        <translation>
            <numerusform>%n Eingabe von %1 in diesem Bin; eine auswählen, um sie unter STRIP zu sehen.</numerusform>
            <numerusform>%n Eingaben von %1 in diesem Bin; eine auswählen, um sie unter STRIP zu sehen.</numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>The images can be shown when the STRIP run has finished.</source>
        <translation>Die Bilder können angezeigt werden, wenn der STRIP-Lauf beendet ist.</translation>
    </message>
    <message>
        <source>A job is running: select the input again when it has finished.</source>
        <translation>Ein Job läuft: die Eingabe erneut auswählen, wenn er beendet ist.</translation>
    </message>
    <message>
        <source>Loading %1 #%2...</source>
        <translation>Lade %1 #%2...</translation>
    </message>
    <message>
        <source>%1 (%2 %)
H = %3</source>
        <translation>%1 (%2 %)
H = %3</translation>
    </message>
    <message>
        <source>blended with overlay #%1</source>
        <translation>überblendet mit Überlagerungsbild #%1</translation>
    </message>
    <message>
        <source> · flagged as trojaned</source>
        <translation> · als trojanisiert markiert</translation>
    </message>
    <message>
        <source> · passes</source>
        <translation> · unauffällig</translation>
    </message>
    <message>
        <source>N = %1 overlays from %2</source>
        <translation>N = %1 Überlagerungsbilder aus %2</translation>
    </message>
    <message>
        <source>additive blend</source>
        <translation>additive Überblendung</translation>
    </message>
    <message>
        <source>alpha blend %1</source>
        <translation>Alpha-Überblendung %1</translation>
    </message>
    <message>
        <source>%1 s%2</source>
        <translation>%1 s%2</translation>
    </message>
    <message>
        <source> (first-convolution cache)</source>
        <translation> (Cache der ersten Faltung)</translation>
    </message>
    <message>
        <source>The input: %1 #%2; H is its mean entropy over the run&apos;s N superimpositions</source>
        <translation>Die Eingabe: %1 #%2; H ist ihre mittlere Entropie über die N Überlagerungen des Laufs</translation>
    </message>
    <message>
        <source>True class</source>
        <translation>Wahre Klasse</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>The input&apos;s class without the trigger; ? where the data does not say</source>
        <translation>Die Klasse der Eingabe ohne Trigger; ?, wo die Daten sie nicht angeben</translation>
    </message>
    <message>
        <source>The class a poisoned input&apos;s trigger aims at</source>
        <translation>Die Klasse, auf die der Trigger einer vergifteten Eingabe abzielt</translation>
    </message>
    <message>
        <source>STRIP could not run: %1</source>
        <translation>STRIP konnte nicht ausgeführt werden: %1</translation>
    </message>
    <message>
        <source>%1 #%2: entropy %3 bits, predicted %4</source>
        <translation>%1 #%2: Entropie %3 Bit, vorhergesagt %4</translation>
    </message>
    <message>
        <source>, true class %1, target %2</source>
        <translation>, wahre Klasse %1, Ziel %2</translation>
    </message>
    <message>
        <source>, true class %1</source>
        <translation>, wahre Klasse %1</translation>
    </message>
    <message>
        <source>Equal-width bins of the entropy histograms, shared by every set. Default: %1.</source>
        <translation>Gleich breite Bins der Entropie-Histogramme, für alle Datensätze gemeinsam. Standard: %1.</translation>
    </message>
    <message>
        <source>The clean inputs the threshold rule is fitted on. Default: hidden.</source>
        <translation>Die sauberen Eingaben, an die die Schwellenwertregel angepasst wird. Standard: ausgeblendet.</translation>
    </message>
</context>
<context>
    <name>bdl::app::SweepView</name>
    <message>
        <source>Sweep settings</source>
        <translation>Sweep-Einstellungen</translation>
    </message>
    <message>
        <source>every k: 1 .. C</source>
        <translation>jedes k: 1 .. C</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>Sweep ausführen</translation>
    </message>
    <message>
        <source>Learning rates</source>
        <translation>Lernraten</translation>
    </message>
    <message>
        <source>Channels pruned</source>
        <translation>Entfernte Kanäle</translation>
    </message>
    <message>
        <source>Epochs per cell</source>
        <translation>Epochen pro Zelle</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <source>Click a cell to make its model B&apos;.</source>
        <translation>Auf eine Zelle klicken, um ihr Modell zu B&apos; zu machen.</translation>
    </message>
    <message>
        <source>Best trade-off</source>
        <translation>Bester Kompromiss</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>No sweep yet</source>
        <translation>Noch kein Sweep</translation>
    </message>
    <message>
        <source>ASR limit</source>
        <translation>ASR-Grenze</translation>
    </message>
    <message>
        <source>ASR map shows</source>
        <translation>ASR-Karte zeigt</translation>
    </message>
    <message>
        <source>CCA</source>
        <translation>CCA</translation>
    </message>
    <message>
        <source>ASR</source>
        <translation>ASR</translation>
    </message>
    <message>
        <source>worst poisoned set</source>
        <translation>schlechtester vergifteter Datensatz</translation>
    </message>
    <message>
        <source>No cell has ASR &lt;= %1
on every poisoned set</source>
        <translation>Keine Zelle hat ASR &lt;= %1
auf jedem vergifteten Datensatz</translation>
    </message>
    <message>
        <source>Highest CCA with ASR &lt;= %1:</source>
        <translation>Höchste CCA mit ASR &lt;= %1:</translation>
    </message>
    <message>
        <source>lr %1, k = %2 channels pruned</source>
        <translation>lr %1, k = %2 entfernte Kanäle</translation>
    </message>
    <message>
        <source>CCA %1</source>
        <translation>CCA %1</translation>
    </message>
    <message>
        <source>ASR %1 %2</source>
        <translation>ASR %1 %2</translation>
    </message>
    <message>
        <source>Only a cell of a finished sweep can become B&apos; (and not while a job runs)</source>
        <translation>Nur eine Zelle eines abgeschlossenen Sweeps kann zu B&apos; werden (und nicht, während ein Job läuft)</translation>
    </message>
    <message>
        <source>Sweep: learning rates must be numbers in (0, 10] separated by commas</source>
        <translation>Sweep: Die Lernraten müssen Zahlen in (0, 10] sein, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Sweep: channels pruned must be increasing counts in 1..%1, e.g. 1-10, 20</source>
        <translation>Sweep: Die entfernten Kanäle müssen aufsteigende Anzahlen in 1..%1 sein, z. B. 1-10, 20</translation>
    </message>
    <message>
        <source>Show values</source>
        <translation>Werte anzeigen</translation>
    </message>
    <message>
        <source>B&apos;: this cell&apos;s model is the repaired model in use</source>
        <translation>B&apos;: Das Modell dieser Zelle ist das verwendete reparierte Modell</translation>
    </message>
    <message>
        <source>Learning rates of the grid (the heatmaps&apos; rows), separated by commas; each is swept from B. Paper default: 1e-2, 1e-3, 1e-4, 1e-5, 1e-6.</source>
        <translation>Lernraten des Rasters (die Zeilen der Heatmaps), durch Kommas getrennt; jede wird ab B durchlaufen. Standard des Papers: 1e-2, 1e-3, 1e-4, 1e-5, 1e-6.</translation>
    </message>
    <message>
        <source>Channels pruned (the heatmaps&apos; columns): e.g. 1-10, 12, 20-60:10. Default: empty, every k from 1 to C, as in the paper&apos;s heatmaps.</source>
        <translation>Entfernte Kanäle (die Spalten der Heatmaps): z. B. 1-10, 12, 20-60:10. Standard: leer, jedes k von 1 bis C, wie in den Heatmaps des Papers.</translation>
    </message>
    <message>
        <source>Fine-tuning epochs after each pruned step; a cell continues from the previous cell of its learning rate. Paper: 10; default here: 1, so that the whole grid runs in minutes.</source>
        <translation>Fine-Tuning-Epochen nach jedem Pruning-Schritt; eine Zelle setzt bei der vorherigen Zelle ihrer Lernrate fort. Paper: 10; hier standardmäßig 1, damit das ganze Raster in Minuten durchläuft.</translation>
    </message>
    <message>
        <source>Images per Adam step while fine-tuning. Paper default: 32.</source>
        <translation>Bilder pro Adam-Schritt beim Fine-Tuning. Standard des Papers: 32.</translation>
    </message>
    <message>
        <source>The best trade-off is the cell with the highest CCA whose ASR (on the worst poisoned set) is at most this. Default: 10 %.</source>
        <translation>Der beste Kompromiss ist die Zelle mit der höchsten CCA, deren ASR (auf dem schlechtesten vergifteten Datensatz) höchstens diesen Wert hat. Standard: 10 %.</translation>
    </message>
    <message>
        <source>The poisoned set whose ASR the ASR heatmap shows. Default: the worst poisoned set (the highest ASR of each cell).</source>
        <translation>Der vergiftete Datensatz, dessen ASR die ASR-Heatmap zeigt. Standard: der schlechteste vergiftete Datensatz (die höchste ASR jeder Zelle).</translation>
    </message>
    <message>
        <source>Write each cell&apos;s number on the heatmaps. Default: off.</source>
        <translation>Den Wert jeder Zelle in die Heatmaps schreiben. Standard: aus.</translation>
    </message>
</context>
<context>
    <name>bdl::app::TuneForm</name>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <source>Off (the default): batch-norm layers keep the model&apos;s moving statistics while fine-tuning on the small clean set; only their scale and shift learn.</source>
        <translation>Aus (Standard): Batch-Norm-Schichten behalten beim Fine-Tuning auf dem kleinen sauberen Datensatz die gleitenden Statistiken des Modells; nur Skalierung und Verschiebung lernen.</translation>
    </message>
    <message>
        <source>update BN</source>
        <translation>BN aktualisieren</translation>
    </message>
    <message>
        <source>Learning rate of the Adam optimiser used for fine-tuning, e.g. 1e-3 or 0.001; lower rates keep B&apos; closer to B. Paper default: 1e-3.</source>
        <translation>Lernrate des Adam-Optimierers für das Fine-Tuning, z. B. 1e-3 oder 0.001; niedrigere Raten halten B&apos; näher an B. Standard des Papers: 1e-3.</translation>
    </message>
    <message>
        <source>Passes over the clean train set in each fine-tuning (the paper&apos;s protocol fine-tunes after every pruned channel). Paper default: 10.</source>
        <translation>Durchläufe über den sauberen Trainingsdatensatz bei jedem Fine-Tuning (das Paper-Protokoll führt nach jedem entfernten Kanal ein Fine-Tuning durch). Standard des Papers: 10.</translation>
    </message>
    <message>
        <source>Images per Adam step while fine-tuning. Paper default: 32.</source>
        <translation>Bilder pro Adam-Schritt beim Fine-Tuning. Standard des Papers: 32.</translation>
    </message>
</context>
<context>
    <name>bdl::app::Worker</name>
    <message>
        <source>unexpected error</source>
        <translation>unerwarteter Fehler</translation>
    </message>
    <message numerus="yes">
        <source>pruned %n channel(s) of %1</source>
        <translation>
            <numerusform>%n Kanal von %1 entfernt</numerusform>
            <numerusform>%n Kanäle von %1 entfernt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>fine-tuned %n epoch(s) at lr %1</source>
        <translation>
            <numerusform>Fine-Tuning über %n Epoche bei lr %1</numerusform>
            <numerusform>Fine-Tuning über %n Epochen bei lr %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>B&apos; description: &quot;pruned 3 channel(s) of pool_3&quot; and &quot;fine-tuned 1 epoch(s) at lr 0.001&quot;</extracomment>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>bdl::app::WorkspacePanel</name>
    <message>
        <source>Item</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Model under test (B)</source>
        <translation>Zu prüfendes Modell (B)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>none open</source>
        <translation>keines geöffnet</translation>
    </message>
    <message>
        <source>Repaired model (B&apos;)</source>
        <translation>Repariertes Modell (B&apos;)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Demo zoo</source>
        <translation>Demo-Zoo</translation>
    </message>
    <message>
        <source>Model &apos;%1&apos; of the demo zoo in %2</source>
        <translation>Modell &apos;%1&apos; des Demo-Zoos in %2</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Input, classes</source>
        <translation>Eingabe, Klassen</translation>
    </message>
    <message>
        <source>%1 x %2 x %3, %4 classes</source>
        <translation>%1 x %2 x %3, %4 Klassen</translation>
    </message>
    <message>
        <source>Pruned layer</source>
        <translation>Pruning-Schicht</translation>
    </message>
    <message>
        <source>%1, %2 channels</source>
        <translation>%1, %2 Kanäle</translation>
    </message>
    <message>
        <source>Input scale</source>
        <translation>Eingabeskalierung</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Verwendet</translation>
    </message>
    <message>
        <source>Auto-detected</source>
        <translation>Automatisch erkannt</translation>
    </message>
    <message>
        <source>The scale with the better clean accuracy</source>
        <translation>Die Skalierung mit der besseren sauberen Genauigkeit</translation>
    </message>
    <message>
        <source>Sample CCA, 1/255</source>
        <translation>Stichproben-CCA, 1/255</translation>
    </message>
    <message>
        <source>Clean accuracy with pixels / 255, on a sample of the clean test set</source>
        <translation>Saubere Genauigkeit mit Pixel / 255, auf einer Stichprobe des sauberen Testdatensatzes</translation>
    </message>
    <message>
        <source>Sample CCA, raw</source>
        <translation>Stichproben-CCA, roh</translation>
    </message>
    <message>
        <source>Clean accuracy with raw pixels 0..255, on a sample of the clean test set</source>
        <translation>Saubere Genauigkeit mit rohen Pixeln 0..255, auf einer Stichprobe des sauberen Testdatensatzes</translation>
    </message>
    <message>
        <source>Data sets</source>
        <translation>Datensätze</translation>
    </message>
    <message>
        <source>Clean test (CCA)</source>
        <translation>Saubere Testdaten (CCA)</translation>
    </message>
    <message>
        <source>Clean (rank, tune)</source>
        <translation>Sauber (Rangfolge, Fine-Tuning)</translation>
    </message>
    <message>
        <source>Poisoned (ASR)</source>
        <translation>Vergiftet (ASR)</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>B&apos;</source>
        <translation>B&apos;</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>noch keines</translation>
    </message>
    <message>
        <source>Fine-tune at k, run a protocol, or click a cell of a finished sweep</source>
        <translation>Fine-Tuning bei k, ein Protokoll ausführen oder auf eine Zelle eines abgeschlossenen Sweeps klicken</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>Erstellt durch</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Vorgehen</translation>
    </message>
    <message>
        <source>Channels pruned</source>
        <translation>Entfernte Kanäle</translation>
    </message>
    <message>
        <source>%1 -&gt; %2</source>
        <translation>%1 -&gt; %2</translation>
    </message>
    <message>
        <source>B %1, pruned only %2, B&apos; %3</source>
        <translation>B %1, nur Pruning %2, B&apos; %3</translation>
    </message>
    <message>
        <source>B %1, B&apos; %2</source>
        <translation>B %1, B&apos; %2</translation>
    </message>
    <message>
        <source>CCA</source>
        <translation>CCA</translation>
    </message>
    <message>
        <source>ASR %1</source>
        <translation>ASR %1</translation>
    </message>
    <message>
        <source>⚠ In-sample: no train set was given, so ranking and fine-tuning use the clean test set, and the CCA of the curve and of B&apos; is measured on the images they were chosen on. Reopen with a train set or a hold-out (File &gt; Open) for out-of-sample numbers.</source>
        <translation>⚠ In-Sample: Es wurde kein Trainingsdatensatz angegeben, daher verwenden Rangfolge und Fine-Tuning den sauberen Testdatensatz, und die CCA der Kurve und von B&apos; wird auf genau den Bildern gemessen, anhand derer sie gewählt wurden. Für Out-of-Sample-Werte mit einem Trainingsdatensatz oder einer Abtrennung erneut öffnen (Datei &gt; Öffnen).</translation>
    </message>
    <message>
        <source>Clean test set: %1</source>
        <translation>Sauberer Testdatensatz: %1</translation>
    </message>
    <message>
        <source>the clean test set (no train set given): in-sample</source>
        <translation>der saubere Testdatensatz (kein Trainingsdatensatz angegeben): In-Sample</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <source>held out %1 % as train: %2 train, %3 clean test (seed %4)</source>
        <translation>%1 % als Trainingsdaten abgetrennt: %2 Trainings-, %3 saubere Testbilder (Seed %4)</translation>
    </message>
    <message>
        <source>A seeded %1 % of the clean data (%2 images) ranks and fine-tunes; CCA is measured on the other %3 images</source>
        <translation>Ein per Seed gezogener Anteil von %1 % der sauberen Daten (%2 Bilder) dient der Rangfolge und dem Fine-Tuning; die CCA wird auf den übrigen %3 Bildern gemessen</translation>
    </message>
    <message numerus="yes">
        <source>none: the %n clean test image(s) are also the train set (in-sample)</source>
        <translation>
            <numerusform>keine: das %n saubere Testbild ist zugleich der Trainingsdatensatz (In-Sample)</numerusform>
            <numerusform>keine: die %n sauberen Testbilder sind zugleich der Trainingsdatensatz (In-Sample)</numerusform>
        </translation>
    </message>
    <message>
        <source>separate train set: %1 train, %2 clean test</source>
        <translation>separater Trainingsdatensatz: %1 Trainings-, %2 saubere Testbilder</translation>
    </message>
    <message>
        <source>CCA (in-sample)</source>
        <translation>CCA (In-Sample)</translation>
    </message>
    <message>
        <source>in-sample: fine-tuned on the clean test set its CCA is measured on</source>
        <translation>In-Sample: Fine-Tuning auf dem sauberen Testdatensatz, auf dem seine CCA gemessen wird</translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation>Normalisierung</translation>
    </message>
    <message>
        <source>Per-channel input normalization after the scale</source>
        <translation>Kanalweise Normalisierung der Eingabe nach der Skalierung</translation>
    </message>
    <message>
        <source>Where channels are ranked and masked; choose another convolution to reopen the workspace pruning it</source>
        <translation>Wo Kanäle bewertet und maskiert werden; eine andere Faltung wählen, um den Arbeitsbereich mit Pruning dieser Faltung neu zu öffnen</translation>
    </message>
    <message>
        <source>%1 (%2 channels)</source>
        <translation>%1 (%2 Kanäle)</translation>
    </message>
    <message>
        <source>%1 → %2 (%3 channels)</source>
        <translation>%1 → %2 (%3 Kanäle)</translation>
    </message>
    <message>
        <source>The layer whose channels are ranked and pruned; choosing another reopens the workspace pruning it. Default: the last convolution.</source>
        <translation>Die Schicht, deren Kanäle in eine Rangfolge gebracht und entfernt werden; eine andere zu wählen öffnet den Arbeitsbereich erneut mit Pruning dieser Schicht. Standard: die letzte Faltung.</translation>
    </message>
    <message>
        <source>Inference</source>
        <translation>Inferenz</translation>
    </message>
    <message>
        <source>bfloat16 (checked)</source>
        <translation>bfloat16 (geprüft)</translation>
    </message>
    <message>
        <source>float32 (bfloat16 refused)</source>
        <translation>float32 (bfloat16 abgelehnt)</translation>
    </message>
    <message>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <source>The number format of B&apos;s forward passes; Open asks for bfloat16</source>
        <translation>Das Zahlenformat der Vorwärtsdurchläufe von B; bfloat16 wählt man beim Öffnen</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::ChannelBarsPlot</name>
    <message>
        <source>channel id, in pruning order (lowest clean activation first)</source>
        <translation>Kanal-ID, in Pruning-Reihenfolge (niedrigste saubere Aktivierung zuerst)</translation>
    </message>
    <message>
        <source>mean activation</source>
        <translation>mittlere Aktivierung</translation>
    </message>
    <message>
        <source>clean</source>
        <translation>sauber</translation>
    </message>
    <message>
        <source>poisoned</source>
        <translation>vergiftet</translation>
    </message>
    <message>
        <source>clean, pruned</source>
        <translation>sauber, entfernt</translation>
    </message>
    <message>
        <source>poisoned, pruned</source>
        <translation>vergiftet, entfernt</translation>
    </message>
    <message>
        <source>%1 pruned</source>
        <translation>%1 entfernt</translation>
    </message>
    <message>
        <source>channel %1 (rank %2 of %3)</source>
        <translation>Kanal %1 (Rang %2 von %3)</translation>
    </message>
    <message>
        <source>clean mean %1</source>
        <translation>sauberer Mittelwert %1</translation>
    </message>
    <message>
        <source>poisoned mean %1</source>
        <translation>vergifteter Mittelwert %1</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>behalten</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::DefenseBarsPlot</name>
    <message>
        <source>not measured</source>
        <translation>nicht gemessen</translation>
    </message>
    <message>
        <source>CCA</source>
        <translation>CCA</translation>
    </message>
    <message>
        <source>ASR</source>
        <translation>ASR</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>markiert</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 not measured</source>
        <translation>%1 nicht gemessen</translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1: %2 %3</translation>
    </message>
    <message>
        <source>%1: %2 not measured</source>
        <translation>%1: %2 nicht gemessen</translation>
    </message>
    <message>
        <source>CCA (%)</source>
        <translation>CCA (%)</translation>
    </message>
    <message>
        <source>ASR (%)</source>
        <translation>ASR (%)</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::EntropyHistogramPlot</name>
    <message>
        <source>entropy (bits)</source>
        <translation>Entropie (Bit)</translation>
    </message>
    <message>
        <source>% of set</source>
        <translation>% des Datensatzes</translation>
    </message>
    <message>
        <source>threshold %1</source>
        <translation>Schwellenwert %1</translation>
    </message>
    <message>
        <source>entropy %1 bits (bin %2 of %3)</source>
        <translation>Entropie %1 Bit (Bin %2 von %3)</translation>
    </message>
    <message>
        <source>%1 of %2 inputs</source>
        <translation>%1 von %2 Eingaben</translation>
    </message>
    <message>
        <source>threshold %1 bits: entropy below it is flagged as trojaned
%2</source>
        <translation>Schwellenwert %1 Bit: Entropie darunter wird als trojanisiert markiert
%2</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::FeatureMapGrid</name>
    <message>
        <source>mean activation</source>
        <translation>mittlere Aktivierung</translation>
    </message>
    <message>
        <source>channel = row + column</source>
        <translation>Kanal = Zeile + Spalte</translation>
    </message>
    <message>
        <source>before, clean</source>
        <translation>vorher, sauber</translation>
    </message>
    <message>
        <source>before, poisoned</source>
        <translation>vorher, vergiftet</translation>
    </message>
    <message>
        <source>after, clean</source>
        <translation>nachher, sauber</translation>
    </message>
    <message>
        <source>after, poisoned</source>
        <translation>nachher, vergiftet</translation>
    </message>
    <message>
        <source>%1: no data</source>
        <translation>%1: keine Daten</translation>
    </message>
    <message>
        <source>channel %1 (pruned)</source>
        <translation>Kanal %1 (entfernt)</translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation>Kanal %1</translation>
    </message>
    <message>
        <source>row %1, column %2</source>
        <translation>Zeile %1, Spalte %2</translation>
    </message>
    <message>
        <source>mean activation %1</source>
        <translation>mittlere Aktivierung %1</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::HeatmapPlot</name>
    <message>
        <source>channels pruned</source>
        <translation>entfernte Kanäle</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>%1 (%)</source>
        <translation>%1 (%)</translation>
    </message>
    <message>
        <source>learning rate %1</source>
        <translation>Lernrate %1</translation>
    </message>
    <message>
        <source>channels pruned: %1</source>
        <translation>entfernte Kanäle: %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 not computed yet</source>
        <translation>%1 noch nicht berechnet</translation>
    </message>
    <message>
        <source>best trade-off</source>
        <translation>bester Kompromiss</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::PlotExport</name>
    <message>
        <source>Cannot export %1: unsupported format &quot;%2&quot; (use .png, .pdf or .svg)</source>
        <translation>Export von %1 nicht möglich: nicht unterstütztes Format &quot;%2&quot; (.png, .pdf oder .svg verwenden)</translation>
    </message>
    <message>
        <source>Cannot export %1: there is no plot</source>
        <translation>Export von %1 nicht möglich: Es gibt kein Diagramm</translation>
    </message>
    <message>
        <source>Cannot export %1: rendering the plot produced no data</source>
        <translation>Export von %1 nicht möglich: Das Rendern des Diagramms ergab keine Daten</translation>
    </message>
    <message>
        <source>Cannot write the file: no file name given</source>
        <translation>Die Datei kann nicht geschrieben werden: kein Dateiname angegeben</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::PlotStyle</name>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::PruneCurvePlot</name>
    <message>
        <source>channels pruned</source>
        <translation>entfernte Kanäle</translation>
    </message>
    <message>
        <source>channels pruned (% of the layer)</source>
        <translation>entfernte Kanäle (% der Schicht)</translation>
    </message>
    <message>
        <source>accuracy / attack success (%)</source>
        <translation>Genauigkeit / Angriffserfolg (%)</translation>
    </message>
    <message>
        <source>clean accuracy (CCA)</source>
        <translation>saubere Genauigkeit (CCA)</translation>
    </message>
    <message>
        <source>attack success (ASR), %1</source>
        <translation>Angriffserfolg (ASR), %1</translation>
    </message>
    <message>
        <source>%1 of %2 channels pruned (%3)</source>
        <translation>%1 von %2 Kanälen entfernt (%3)</translation>
    </message>
    <message>
        <source>CCA %1</source>
        <translation>CCA %1</translation>
    </message>
    <message>
        <source>ASR %1 %2</source>
        <translation>ASR %1 %2</translation>
    </message>
    <message>
        <source>%1 of %2 channels pruned (%3): no result yet</source>
        <translation>%1 von %2 Kanälen entfernt (%3): noch kein Ergebnis</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::RocPlot</name>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>%1 (AUROC %2)</source>
        <translation>%1 (AUROC %2)</translation>
    </message>
    <message>
        <source>%1 at the threshold
FRR %2
detection %3</source>
        <translation>%1 am Schwellenwert
FRR %2
Erkennung %3</translation>
    </message>
    <message>
        <source>%1
FRR %2
detection %3</source>
        <translation>%1
FRR %2
Erkennung %3</translation>
    </message>
    <message>
        <source>FRR (% of clean flagged)</source>
        <translation>FRR (% der sauberen markiert)</translation>
    </message>
    <message>
        <source>detected (% of poisoned)</source>
        <translation>erkannt (% der vergifteten)</translation>
    </message>
</context>
</TS>
