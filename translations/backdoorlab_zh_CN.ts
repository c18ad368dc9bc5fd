<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AutosaveStore</name>
    <message>
        <source>%1 (%2, %3): cannot be read: %4</source>
        <translation>%1（%2，%3）：无法读取：%4</translation>
    </message>
    <message>
        <source>%1, saved %2: %3 (%4, %5)</source>
        <extracomment>%1 model, %2 date and time, %3 what it holds (&quot;B&apos; (...), pruning curve&quot;), %4 size, %5 file</extracomment>
        <translation>%1，保存于 %2：%3（%4，%5）</translation>
    </message>
    <message>
        <source>Could not create the autosave folder %1</source>
        <translation>无法创建自动保存文件夹 %1</translation>
    </message>
    <message>
        <source>Could not lock %1 (error %2)</source>
        <translation>无法锁定 %1（错误 %2）</translation>
    </message>
    <message>
        <source>%1 is not an autosave offered for restoring</source>
        <translation>%1 不是可供恢复的自动保存</translation>
    </message>
    <message>
        <source>Could not delete %1: %2</source>
        <translation>无法删除 %1：%2</translation>
    </message>
    <message>
        <source>not a session file</source>
        <translation>不是会话文件</translation>
    </message>
    <message>
        <source>demo zoo model %1</source>
        <translation>演示模型库模型 %1</translation>
    </message>
    <message>
        <source>B&apos;</source>
        <translation>B&apos;</translation>
    </message>
    <message>
        <source>B&apos; (%1)</source>
        <translation>B&apos;（%1）</translation>
    </message>
    <message>
        <source>pruning curve</source>
        <translation>剪枝曲线</translation>
    </message>
    <message numerus="yes">
        <source>LR sweep of %n cell(s)</source>
        <translation>
            <numerusform>包含 %n 个单元格的学习率扫描</numerusform>
        </translation>
    </message>
    <message>
        <source>STRIP run</source>
        <translation>STRIP 运行结果</translation>
    </message>
    <message>
        <source>goodnets</source>
        <translation>goodnet</translation>
    </message>
    <message numerus="yes">
        <source>%n comparison row(s)</source>
        <translation>
            <numerusform>%n 行比较结果</numerusform>
        </translation>
    </message>
    <message>
        <source>the workspace only</source>
        <translation>仅工作区</translation>
    </message>
</context>
<context>
    <name>bdl::app::ActivationView</name>
    <message>
        <source>Activations appear once the pruning curve is in.</source>
        <translation>剪枝曲线计算完成后将显示激活值。</translation>
    </message>
    <message>
        <source>Poisoned set</source>
        <translation>投毒数据集</translation>
    </message>
    <message>
        <source>Layer %1: B only (no repaired model yet)</source>
        <translation>第 %1 层：仅 B（尚无修复后的模型）</translation>
    </message>
    <message>
        <source>Layer %1: B before and B&apos; after fine-pruning</source>
        <translation>第 %1 层：精细剪枝前的 B 与精细剪枝后的 B&apos;</translation>
    </message>
    <message>
        <source>B, clean: %1</source>
        <translation>B，干净：%1</translation>
    </message>
    <message>
        <source>B, poisoned: %1</source>
        <translation>B，投毒：%1</translation>
    </message>
    <message>
        <source>B&apos;, clean: %1</source>
        <translation>B&apos;，干净：%1</translation>
    </message>
    <message>
        <source>B&apos;, poisoned: %1</source>
        <translation>B&apos;，投毒：%1</translation>
    </message>
    <message>
        <source>The poisoned set whose activations and feature maps are shown beside the clean test set&apos;s. Default: the first poisoned set.</source>
        <translation>其激活值和特征图与干净测试集的并排显示的投毒数据集。默认：第一个投毒数据集。</translation>
    </message>
</context>
<context>
    <name>bdl::app::AuditView</name>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>CCA</source>
        <translation>CCA</translation>
    </message>
    <message>
        <source>Max ASR</source>
        <translation>最高 ASR</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>可信</translation>
    </message>
    <message>
        <source>Pruning-aware</source>
        <translation>剪枝感知</translation>
    </message>
    <message>
        <source>STRIP FRR</source>
        <translation>STRIP FRR</translation>
    </message>
    <message>
        <source>STRIP FAR (worst)</source>
        <translation>STRIP FAR（最差）</translation>
    </message>
    <message>
        <source>STRIP AUROC (worst)</source>
        <translation>STRIP AUROC（最差）</translation>
    </message>
    <message>
        <source>The highest attack success rate over the poisoned sets; each set&apos;s in the cell&apos;s tooltip</source>
        <translation>各投毒数据集中最高的攻击成功率；每个数据集的数值见单元格提示</translation>
    </message>
    <message>
        <source>Pruning-aware (Liu et al.): the backdoor survives pruning the channels that are dormant on clean data</source>
        <translation>剪枝感知（Liu 等人）：剪除在干净数据上休眠的通道后，后门依然存在</translation>
    </message>
    <message>
        <source>The highest FAR over the poisoned sets (poisoned inputs STRIP lets through)</source>
        <translation>各投毒数据集中最高的 FAR（STRIP 放过的投毒输入）</translation>
    </message>
    <message>
        <source>The lowest AUROC over the poisoned sets</source>
        <translation>各投毒数据集中最低的 AUROC</translation>
    </message>
    <message>
        <source>models: %1</source>
        <translation>模型数：%1</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <source>STRIP N = %1</source>
        <translation>STRIP N = %1</translation>
    </message>
    <message>
        <source>STRIP N = %1 (%2 blend)</source>
        <translation>STRIP N = %1（%2 混合）</translation>
    </message>
    <message>
        <source>threshold rule %1</source>
        <translation>阈值规则 %1</translation>
    </message>
    <message>
        <source>threshold rule %1 at FRR %2 %</source>
        <translation>阈值规则 %1，FRR %2 %</translation>
    </message>
    <message>
        <source>%1 inputs sampled per set</source>
        <translation>每个数据集抽样 %1 个输入</translation>
    </message>
    <message>
        <source>CCA on %1 clean inputs</source>
        <translation>在 %1 个干净输入上的 CCA</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>STRIP with N = %1, threshold %2</source>
        <translation>STRIP，N = %1，阈值 %2</translation>
    </message>
    <message>
        <source>no STRIP in this audit</source>
        <translation>本次审计不含 STRIP</translation>
    </message>
    <message>
        <source>Select a model to see its pruning curve.</source>
        <translation>选择一个模型以查看其剪枝曲线。</translation>
    </message>
    <message>
        <source>%1: no pruning curve in this audit</source>
        <translation>%1：本次审计中没有剪枝曲线</translation>
    </message>
    <message>
        <source>Pruning curve of %1 (layer %2, %3 channels, pruned alone without fine-tuning); pruning-aware: %4</source>
        <translation>%1 的剪枝曲线（层 %2，%3 个通道，仅剪枝、不微调）；剪枝感知：%4</translation>
    </message>
    <message>
        <source>partly</source>
        <translation>部分</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>The audit&apos;s verdict: whether the model can be trusted as it is (yes, partly, no or unknown); the reasons in the cell&apos;s tooltip</source>
        <translation>审计结论：该模型能否按原样被信任（是、部分、否或未知）；理由见单元格提示</translation>
    </message>
    <message>
        <source>k* = %1 channels pruned</source>
        <translation>k* = 剪枝 %1 个通道</translation>
    </message>
</context>
<context>
    <name>bdl::app::CandidatesPanel</name>
    <message>
        <source>B&apos; candidates</source>
        <translation>B&apos; 候选模型</translation>
    </message>
    <message>
        <source>Make current</source>
        <translation>设为当前</translation>
    </message>
    <message>
        <source>Make the selected candidate the repaired model B&apos; again</source>
        <translation>将所选候选模型重新设为修复后的模型 B&apos;</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>导出...</translation>
    </message>
    <message>
        <source>Write the selected candidate as Keras .h5 weights or TorchScript .pt; B&apos; stays as it is</source>
        <translation>将所选候选模型写出为 Keras .h5 权重或 TorchScript .pt；B&apos; 保持不变</translation>
    </message>
    <message>
        <source>#</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>生成方式</translation>
    </message>
    <message>
        <source>k</source>
        <translation>k</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
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
        <translation>生成过程</translation>
    </message>
    <message>
        <source>%1 (current)</source>
        <translation>%1（当前）</translation>
    </message>
    <message>
        <source>B&apos; candidate #%1: %2</source>
        <translation>B&apos; 候选模型 #%1：%2</translation>
    </message>
    <message>
        <source>
In-sample: fine-tuned on the clean test set its CCA is measured on</source>
        <translation>
样本内：在用于测量其 CCA 的干净测试集上微调</translation>
    </message>
    <message>
        <source>
The current repaired model B&apos;</source>
        <translation>
当前的修复后模型 B&apos;</translation>
    </message>
    <message>
        <source>Export B&apos; candidate #%1</source>
        <translation>导出 B&apos; 候选模型 #%1</translation>
    </message>
    <message>
        <source>There is no B&apos; candidate #%1 to export</source>
        <translation>没有可导出的 B&apos; 候选模型 #%1</translation>
    </message>
    <message>
        <source>Cannot export B&apos; to %1: use .h5 (Keras) or .pt (TorchScript)</source>
        <translation>无法将 B&apos; 导出到 %1：请使用 .h5（Keras）或 .pt（TorchScript）</translation>
    </message>
</context>
<context>
    <name>bdl::app::CommandLineText</name>
    <message>
        <source>Clean test data (CCA): CSAW .h5, image folder or IDX.</source>
        <translation>干净测试数据（CCA）：CSAW .h5、图像文件夹或 IDX。</translation>
    </message>
    <message>
        <source>PATH</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Clean data for ranking channels and fine-tuning.</source>
        <translation>用于通道排序和微调的干净数据。</translation>
    </message>
    <message>
        <source>A poisoned set and its attack target (repeatable).</source>
        <translation>投毒数据集及其攻击目标（可重复指定）。</translation>
    </message>
    <message>
        <source>PATH[:TARGET]</source>
        <translation>PATH[:TARGET]</translation>
    </message>
    <message>
        <source>Input scale: auto (default), 1/255 or raw.</source>
        <translation>输入缩放：auto（默认）、1/255 或 raw。</translation>
    </message>
    <message>
        <source>SCALE</source>
        <translation>SCALE</translation>
    </message>
    <message>
        <source>Architecture of a weights-only file, e.g. csaw-badnet.</source>
        <translation>仅含权重文件的模型架构，例如 csaw-badnet。</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>The demo zoo folder (default: the user data folder).</source>
        <translation>演示模型库文件夹（默认：用户数据文件夹）。</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>Fail instead of building an absent demo zoo.</source>
        <translation>演示模型库不存在时直接报错，而不是构建它。</translation>
    </message>
    <message>
        <source>Seed of the validation split (Liu et al.).</source>
        <translation>验证集划分的随机种子（Liu 等人）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>LibTorch threads of the worker (default: every core).</source>
        <translation>工作线程使用的 LibTorch 线程数（默认：全部核心）。</translation>
    </message>
    <message>
        <source>Where models run: cpu (default), cuda or cuda:N (a build against a CUDA LibTorch).</source>
        <translation>模型运行的设备：cpu（默认）、cuda 或 cuda:N（需基于 CUDA 版 LibTorch 构建）。</translation>
    </message>
    <message>
        <source>DEVICE</source>
        <translation>DEVICE</translation>
    </message>
    <message>
        <source>Render the window once the pruning curve is in, save it as PNG and quit.</source>
        <translation>剪枝曲线计算完成后渲染窗口，保存为 PNG 并退出。</translation>
    </message>
    <message>
        <source>FILE.png</source>
        <translation>FILE.png</translation>
    </message>
    <message>
        <source>Log job times, slider latency and GUI-thread stalls to stderr.</source>
        <translation>将任务耗时、滑块延迟和 GUI 线程卡顿记录到 stderr。</translation>
    </message>
    <message>
        <source>Language of the window: %1 (default: the one chosen in the settings, else the system&apos;s).</source>
        <translation>窗口语言：%1（默认：设置中选择的语言，否则使用系统语言）。</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CODE</translation>
    </message>
    <message>
        <source>--%1 needs a whole number &gt;= 0, got &apos;%2&apos;</source>
        <translation>--%1 需要一个 &gt;= 0 的整数，实际为“%2”</translation>
    </message>
    <message>
        <source>BackdoorLab: inspect and repair backdoored neural networks (fine-pruning).</source>
        <translation>BackdoorLab：检查并修复带后门的神经网络（精细剪枝）。</translation>
    </message>
    <message>
        <source>Displays this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>Keras .h5 model under test, or zoo:ID (default zoo:patch), or a saved session (.bdlsession) to reopen.</source>
        <translation>待测的 Keras .h5 模型，或 zoo:ID（默认 zoo:patch），或要重新打开的已保存会话（.bdlsession）。</translation>
    </message>
    <message>
        <source>[MODEL.h5 | zoo:ID | FILE.bdlsession]</source>
        <translation>[MODEL.h5 | zoo:ID | FILE.bdlsession]</translation>
    </message>
    <message>
        <source>one model at most, got: %1</source>
        <translation>最多只能指定一个模型，实际为：%1</translation>
    </message>
    <message>
        <source>--scale must be auto, 1/255 or raw, got &apos;%1&apos;</source>
        <translation>--scale 必须为 auto、1/255 或 raw，实际为“%1”</translation>
    </message>
    <message>
        <source>--lang must be one of %1, got &apos;%2&apos;</source>
        <translation>--lang 必须是 %1 之一，实际为“%2”</translation>
    </message>
    <message>
        <source>--view must be one of %1, got &apos;%2&apos;</source>
        <translation>--view 必须是 %1 之一，实际为“%2”</translation>
    </message>
    <message>
        <source>Input H,W,C of a TorchScript model when the file does not fix it.</source>
        <translation>当文件未确定时，TorchScript 模型的输入 H,W,C。</translation>
    </message>
    <message>
        <source>H,W,C</source>
        <translation>H,W,C</translation>
    </message>
    <message>
        <source>Per-channel input normalization after the scale: none, cifar10, imagenet or mean=M1,M2,M3;std=S1,S2,S3.</source>
        <translation>缩放后按通道的输入归一化：none、cifar10、imagenet 或 mean=M1,M2,M3;std=S1,S2,S3。</translation>
    </message>
    <message>
        <source>With --screenshot: the view to show: %1 (default fine-pruning), or all (every view, FILE-VIEW.png each).</source>
        <translation>配合 --screenshot 使用：要显示的视图：%1（默认为 fine-pruning），或 all（每个视图，各保存为 FILE-VIEW.png）。</translation>
    </message>
    <message>
        <source>The window&apos;s size, e.g. 1280x800 (default 1440x900), for --screenshot at a common screen size.</source>
        <translation>窗口大小，例如 1280x800（默认 1440x900），用于以常见屏幕尺寸进行 --screenshot。</translation>
    </message>
    <message>
        <source>WxH</source>
        <translation>WxH</translation>
    </message>
    <message>
        <source>--size must be WIDTHxHEIGHT between 640x480 and 8192x8192, got &apos;%1&apos;</source>
        <translation>--size 必须为 640x480 到 8192x8192 之间的 宽x高，实际为“%1”</translation>
    </message>
    <message>
        <source>Inference precision: fp32 (default) or bf16 (kept only where it gives float32&apos;s top class on the clean test data).</source>
        <translation>推理精度：fp32（默认）或 bf16（仅当它在干净测试数据上给出与 float32 相同的最高类别时保留）。</translation>
    </message>
    <message>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <source>--precision must be fp32 or bf16, got &apos;%1&apos;</source>
        <translation>--precision 必须是 fp32 或 bf16，收到 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--device must be cpu, cuda or cuda:N, got &apos;%1&apos;</source>
        <translation>--device 必须是 cpu、cuda 或 cuda:N，收到 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Show a result file of backdoorlab-cli sweep, strip or audit (--json) or merge in a window of its own; without MODEL no workspace is opened. With --screenshot, that window is the picture.</source>
        <translation>在单独的窗口中显示 backdoorlab-cli sweep、strip 或 audit（--json）或 merge 的结果文件；未指定模型时不打开工作区。与 --screenshot 一起使用时截取该窗口。</translation>
    </message>
    <message>
        <source>FILE.json</source>
        <translation>FILE.json</translation>
    </message>
    <message>
        <source>--result needs a file name</source>
        <translation>--result 需要一个文件名</translation>
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
        <translation>攻击</translation>
    </message>
    <message>
        <source>Poisoned set</source>
        <translation>投毒数据集</translation>
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
        <translation>剪枝感知</translation>
    </message>
    <message>
        <source>Compute goodnets</source>
        <translation>计算 goodnet</translation>
    </message>
    <message>
        <source>Scores B, B&apos;, G(B, B&apos;) and G&apos;(B0, B&apos;) on the test sets; needs a repaired model B&apos;</source>
        <translation>在测试集上评估 B、B&apos;、G(B, B&apos;) 和 G&apos;(B0, B&apos;)；需要修复后的模型 B&apos;</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>删除行</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>k0 (channels of B0)</source>
        <translation>k0（B0 的剪枝通道数）</translation>
    </message>
    <message>
        <source>The goodnets need a repaired model B&apos;: fine-tune first (Fine-pruning tab)</source>
        <translation>goodnet 需要修复后的模型 B&apos;：请先微调（“精细剪枝”标签页）</translation>
    </message>
    <message>
        <source>Open a workspace, run STRIP and fine-tune to compare the defenses</source>
        <translation>打开工作区，运行 STRIP 并进行微调，以比较各防御方法</translation>
    </message>
    <message>
        <source>No repaired model B&apos; yet: fine-tune on the Fine-pruning tab to compute the goodnets</source>
        <translation>尚无修复后的模型 B&apos;：请在“精细剪枝”标签页上微调以计算 goodnet</translation>
    </message>
    <message>
        <source>B&apos;: %1</source>
        <translation>B&apos;：%1</translation>
    </message>
    <message>
        <source>Threshold: %1</source>
        <translation>阈值：%1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>set %1</source>
        <translation>数据集 %1</translation>
    </message>
    <message>
        <source>Liu et al. (Fine-Pruning, 2018): the backdoor survives pruning of the dormant channels; compute the goodnets to check</source>
        <translation>Liu 等人（Fine-Pruning，2018）：后门在休眠通道被剪枝后依然存活；请计算 goodnet 进行检查</translation>
    </message>
    <message>
        <source>⚠ %1 · %2: pruning-aware: ASR %3 % at k* = %4 (B pruned alone; CCA %5 %, unpruned %6 %)</source>
        <translation>⚠ %1 · %2：剪枝感知：k* = %4 时 ASR 为 %3 %（仅对 B 剪枝；CCA %5 %，未剪枝时 %6 %）</translation>
    </message>
    <message>
        <source>Pruning-aware (Liu et al., Fine-Pruning, 2018): the backdoor survives pruning of the dormant channels. B is pruned alone (no fine-tuning), lowest mean activation first, up to k*, the most channels before its clean accuracy first falls more than %1 points below the unpruned CCA; the attack is pruning-aware when its ASR at k* is still at least %2 %.</source>
        <translation>剪枝感知（Liu 等人，Fine-Pruning，2018）：后门在休眠通道被剪枝后依然存活。仅对 B 剪枝（不微调），按平均激活值从低到高剪枝，直到 k*，即其干净准确率首次比未剪枝时的 CCA 低超过 %1 个百分点之前所能剪枝的最多通道数；若 k* 处的 ASR 仍至少为 %2 %，则该攻击为剪枝感知攻击。</translation>
    </message>
    <message>
        <source>not judged (saved by an earlier version): ASR %1 % at the k of B&apos;, %2; compute the goodnets again</source>
        <translation>未判定（由早期版本保存）：在 B&apos; 的 k = %2 处 ASR 为 %1 %；请重新计算 goodnet</translation>
    </message>
    <message>
        <source>yes: ASR %1 % at k* = %2</source>
        <translation>是：k* = %2 时 ASR 为 %1 %</translation>
    </message>
    <message>
        <source>no: ASR %1 % at k* = %2</source>
        <translation>否：k* = %2 时 ASR 为 %1 %</translation>
    </message>
    <message>
        <source>ASR of B pruned alone (no fine-tuning) at k*, where its clean accuracy starts to fall (Liu et al.)</source>
        <translation>仅剪枝（不微调）的 B 在 k* 处的 ASR，k* 即其干净准确率开始下降之处（Liu 等人）</translation>
    </message>
    <message>
        <source>B pruned alone (no fine-tuning), lowest mean activation first: k* = %1, the most channels pruned before its CCA first falls more than %2 points below %3 % (CCA %4 % at k*). ASR there: %5 %, %6 the threshold of %7 %.</source>
        <translation>仅剪枝 B（不微调），按平均激活值从低到高：k* = %1，即其 CCA 首次比 %3 % 低超过 %2 个百分点之前剪枝的最多通道数（k* 处 CCA 为 %4 %）。该处 ASR：%5 %，%6 %7 % 的阈值。</translation>
    </message>
    <message>
        <source>at least</source>
        <translation>达到或超过</translation>
    </message>
    <message>
        <source>below</source>
        <translation>低于</translation>
    </message>
    <message>
        <source>%1 (in-sample)</source>
        <translation>%1（样本内）</translation>
    </message>
    <message>
        <source>In-sample: B&apos; was fine-tuned on the clean test set this CCA is measured on</source>
        <translation>样本内：B&apos; 是在测量此 CCA 所用的干净测试集上微调的</translation>
    </message>
    <message>
        <source>%1 · %2 (in-sample CCA)</source>
        <translation>%1 · %2（样本内 CCA）</translation>
    </message>
    <message>
        <source>pruning-aware: ASR %1 % at k* = %2</source>
        <translation>剪枝感知：k* = %2 时 ASR 为 %1 %</translation>
    </message>
    <message>
        <source>B0 = B fine-pruned by this many channels (the paper&apos;s protocol: Adam, lr 1e-3, 10 epochs, batch 32) for the improved goodnet G&apos;(B0, B&apos;). Default: 2 (the paper: &quot;a few channels&quot;).</source>
        <translation>B0 = 对 B 精细剪枝此数量的通道所得的模型（论文方案：Adam，lr 1e-3，10 个训练轮，批大小 32），用于改进的 goodnet G&apos;(B0, B&apos;)。默认：2（论文：“少数几个通道”）。</translation>
    </message>
</context>
<context>
    <name>bdl::app::Controller</name>
    <message>
        <source>%1 is still running; cancel it or wait</source>
        <translation>%1 仍在运行；请取消或等待</translation>
    </message>
</context>
<context>
    <name>bdl::app::ExportMenu</name>
    <message>
        <source>PNG image</source>
        <translation>PNG 图像</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF 文档</translation>
    </message>
    <message>
        <source>SVG image</source>
        <translation>SVG 图像</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>CSV 表格</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Keras HDF5 weights</source>
        <translation>Keras HDF5 权重</translation>
    </message>
    <message>
        <source>TorchScript</source>
        <translation>TorchScript</translation>
    </message>
    <message>
        <source>&amp;Figure (PNG, PDF, SVG)</source>
        <translation>图表 (PNG, PDF, SVG)(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Data (CSV, JSON)</source>
        <translation>数据 (CSV, JSON)(&amp;D)</translation>
    </message>
    <message>
        <source>%1...</source>
        <translation>%1...</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <source>Repaired model &amp;B&apos; (Keras .h5, TorchScript .pt)...</source>
        <translation>修复后的模型 B&apos; (Keras .h5, TorchScript .pt)(&amp;B)...</translation>
    </message>
    <message>
        <source>&amp;Goodnet G(B, B&apos;) (TorchScript .pt)...</source>
        <translation>Goodnet G(B, B&apos;) (TorchScript .pt)(&amp;G)...</translation>
    </message>
    <message>
        <source>Export B&apos;</source>
        <translation>导出 B&apos;</translation>
    </message>
    <message>
        <source>Export G(B, B&apos;)</source>
        <translation>导出 G(B, B&apos;)</translation>
    </message>
    <message>
        <source>Needs a repaired model B&apos; and no running job</source>
        <translation>需要修复后的模型 B&apos; 且没有正在运行的任务</translation>
    </message>
    <message>
        <source>Cannot export to %1: use .png, .pdf or .svg</source>
        <translation>无法导出到 %1：请使用 .png、.pdf 或 .svg</translation>
    </message>
    <message>
        <source>No figure &apos;%1&apos; to export</source>
        <translation>没有可导出的图表“%1”</translation>
    </message>
    <message>
        <source>Cannot export %1 to %2: use .%3</source>
        <translation>无法将 %1 导出到 %2：请使用 .%3</translation>
    </message>
    <message>
        <source>No data &apos;%1&apos; to export</source>
        <translation>没有可导出的数据“%1”</translation>
    </message>
    <message>
        <source>No repaired model B&apos; to export yet</source>
        <translation>尚无可导出的修复后模型 B&apos;</translation>
    </message>
    <message>
        <source>Cannot export B&apos; to %1: use .h5 (Keras) or .pt (TorchScript)</source>
        <translation>无法将 B&apos; 导出到 %1：请使用 .h5（Keras）或 .pt（TorchScript）</translation>
    </message>
    <message>
        <source>G(B, B&apos;) needs a repaired model B&apos; first</source>
        <translation>G(B, B&apos;) 需要先有修复后的模型 B&apos;</translation>
    </message>
    <message>
        <source>Cannot export G(B, B&apos;) to %1: use .pt (TorchScript)</source>
        <translation>无法将 G(B, B&apos;) 导出到 %1：请使用 .pt（TorchScript）</translation>
    </message>
</context>
<context>
    <name>bdl::app::HelpDialog</name>
    <message>
        <source>pruning-aware</source>
        <translation>剪枝感知</translation>
    </message>
    <message>
        <source>The pruning curve: CCA and ASR of B with its k least active channels (mean activation on clean data) pruned, without fine-tuning; the slider reads it at any k. Three ways to make B&apos;: &lt;i&gt;Fine-tune at k&lt;/i&gt; (prune k channels, fine-tune once), the &lt;i&gt;paper&apos;s protocol&lt;/i&gt; (prune one channel, fine-tune, repeat; 10 % of the layer by default) and &lt;i&gt;Liu et al.&apos;s protocol&lt;/i&gt; (prune until the clean validation accuracy drops by more than 4 points, fine-tune once). Paper defaults: Adam, learning rate 1e-3, 10 epochs, batch size 32.</source>
        <translation>剪枝曲线：剪掉 B 中 k 个最不活跃的通道（按干净数据上的平均激活值）且不微调时的 CCA 和 ASR；滑块可读取任意 k 处的值。得到 B&apos; 的三种方式：&lt;i&gt;在 k 处微调&lt;/i&gt;（剪掉 k 个通道，微调一次）、&lt;i&gt;论文方案&lt;/i&gt;（剪掉一个通道、微调，重复；默认为该层通道的 10 %）以及 &lt;i&gt;Liu 等人方案&lt;/i&gt;（剪枝直到干净验证准确率下降超过 4 个百分点，然后微调一次）。论文默认值：Adam，学习率 1e-3，10 个训练轮，批大小 32。</translation>
    </message>
    <message>
        <source>For each learning rate of the grid (the paper&apos;s: 1e-2, 1e-3, 1e-4, 1e-5, 1e-6) B is pruned channel by channel and fine-tuned after every step; the heatmaps show the CCA and ASR of every cell (learning rate x channels pruned), as in the paper&apos;s Figure 3. The best trade-off is the highest CCA whose ASR stays within the limit (10 % by default). Click a cell to make its model B&apos;. The paper fine-tunes 10 epochs per step; the view starts at 1 to keep the grid quick.</source>
        <translation>对网格中的每个学习率（论文取 1e-2、1e-3、1e-4、1e-5、1e-6），逐个通道地对 B 剪枝，并在每一步后微调；热力图显示每个单元格（学习率 x 剪枝通道数）的 CCA 和 ASR，同论文图 3。最佳权衡是 ASR 不超过上限（默认 10 %）时 CCA 最高的单元格。点击单元格可将其模型设为 B&apos;。论文每步微调 10 个训练轮；本视图默认 1 轮，以便网格快速完成。</translation>
    </message>
    <message>
        <source>The mean activation of every channel of the pruned layer on clean and on poisoned data, in pruning order, with the pruned channels marked: channels that are dormant on clean data but fire on poisoned data carry the backdoor. Below, the mean feature maps of every channel before and after fine-pruning (the paper&apos;s Figures 4-8).</source>
        <translation>剪枝层每个通道在干净数据和投毒数据上的平均激活值，按剪枝顺序排列，并标出已剪枝的通道：在干净数据上休眠、却在投毒数据上激活的通道承载着后门。下方是每个通道在精细剪枝前后的平均特征图（论文图 4-8）。</translation>
    </message>
    <message>
        <source>Each input is superimposed with N clean images (default 100, alpha blend 0.5) and B&apos;s predictions on the blends are scored by their entropy: a trigger keeps them confident, so poisoned inputs have low entropy. The threshold comes from clean calibration data only, at a target FRR (default 1 %); drag it on the histogram to see FRR, FAR, CCA and ASR change. The ROC curves give each poisoned set&apos;s AUROC. Click a bar to list its inputs and see one with its superimpositions.</source>
        <translation>每个输入与 N 张干净图像叠加（默认 100，alpha 混合 0.5），并用 B 在叠加图像上预测的熵来评分：触发器会让预测保持确定，因此投毒输入的熵较低。阈值只来自干净的校准数据，按目标 FRR（默认 1 %）确定；在直方图上拖动阈值，可看到 FRR、FAR、CCA 和 ASR 的变化。ROC 曲线给出每个投毒数据集的 AUROC。点击某个柱可列出其中的输入，并查看某个输入及其叠加图像。</translation>
    </message>
    <message>
        <source>The paper&apos;s Figure 1: CCA and ASR per attack for STRIP (at the STRIP view&apos;s threshold), B&apos;, G(B, B&apos;) and G&apos;(B0, B&apos;), as bars and as a table. &lt;i&gt;Compute goodnets&lt;/i&gt; needs a B&apos;; B0 is B fine-pruned by k0 channels (default 2). Every attack analysed in the session stays as a row, and a pruning-aware attack is flagged.</source>
        <translation>论文图 1：每种攻击下 STRIP（按 STRIP 视图的阈值）、B&apos;、G(B, B&apos;) 和 G&apos;(B0, B&apos;) 的 CCA 和 ASR，以柱状图和表格显示。&lt;i&gt;计算 goodnet&lt;/i&gt; 需要 B&apos;；B0 是对 B 精细剪枝 k0 个通道所得的模型（默认 2）。会话中分析过的每种攻击都保留为一行，剪枝感知攻击会被标记。</translation>
    </message>
    <message>
        <source>One image at a time: open or drop a picture, or pick one from a loaded set. It shows the top-5 classes of B and B&apos;, G&apos;s verdict (class N when B and B&apos; disagree), the image&apos;s STRIP entropy and STRIP&apos;s verdict at the current threshold.</source>
        <translation>一次检查一张图像：打开或拖入一张图片，或从已加载的数据集中选取。显示 B 和 B&apos; 的前 5 个类别、G 的判定（B 与 B&apos; 不一致时为类别 N）、该图像的 STRIP 熵以及当前阈值下 STRIP 的判定。</translation>
    </message>
    <message>
        <source>The model under test, as opened: possibly a badnet, a network with a backdoor (a trigger that makes it output the attacker&apos;s target class).</source>
        <translation>待测模型（即打开的模型）：可能是一个 badnet，即带有后门的网络（某个触发器会使其输出攻击者的目标类别）。</translation>
    </message>
    <message>
        <source>The repaired model: B with k channels pruned, then fine-tuned on clean data; made in the Fine-pruning view or picked in the LR sweep.</source>
        <translation>修复后的模型：剪掉 k 个通道、再在干净数据上微调后的 B；在“精细剪枝”视图中生成，或在“学习率扫描”中选取。</translation>
    </message>
    <message>
        <source>The goodnet G(B, B&apos;): it runs B and B&apos; on an input and outputs their label when they agree, else class N, &quot;poisoned&quot; (N = the number of classes): the input is rejected.</source>
        <translation>goodnet G(B, B&apos;)：对一个输入同时运行 B 和 B&apos;，两者一致时输出该标签，否则输出类别 N，即“投毒”（N = 类别数）：该输入被拒绝。</translation>
    </message>
    <message>
        <source>The paper&apos;s improved goodnet G&apos;(B0, B&apos;): G with B0 = B fine-pruned by k0 channels in place of B. It keeps more clean accuracy when B&apos;s own CCA is low.</source>
        <translation>论文改进的 goodnet G&apos;(B0, B&apos;)：以 B0（对 B 精细剪枝 k0 个通道所得）代替 B 的 G。当 B 自身的 CCA 较低时，它能保留更多干净准确率。</translation>
    </message>
    <message>
        <source>Clean classification accuracy: % of the clean test images classified correctly (a goodnet&apos;s class N counts as wrong; for STRIP, a rejected input too). Higher is better.</source>
        <translation>干净分类准确率：被正确分类的干净测试图像所占的百分比（goodnet 输出类别 N 计为错误；对 STRIP 而言，被拒绝的输入也计为错误）。越高越好。</translation>
    </message>
    <message>
        <source>Attack success rate: % of a poisoned set classified as the attack&apos;s target (for STRIP: and not rejected). Lower is better.</source>
        <translation>攻击成功率：投毒数据集中被分类为攻击目标类别的百分比（对 STRIP 而言：且未被拒绝）。越低越好。</translation>
    </message>
    <message>
        <source>False rejection rate of STRIP: % of clean inputs flagged as trojaned (entropy below the threshold). The threshold is set for a target FRR on clean calibration data (default 1 %).</source>
        <translation>STRIP 的误拒率：被判定为含木马（熵低于阈值）的干净输入所占的百分比。阈值按干净校准数据上的目标 FRR 设定（默认 1 %）。</translation>
    </message>
    <message>
        <source>False acceptance rate of STRIP: % of a poisoned set not flagged (entropy at or above the threshold).</source>
        <translation>STRIP 的误纳率：投毒数据集中未被判定为含木马（熵不低于阈值）的百分比。</translation>
    </message>
    <message>
        <source>Area under STRIP&apos;s ROC curve for one poisoned set against the clean test set: 1 separates them perfectly at some threshold, 0.5 is chance. It does not depend on the threshold.</source>
        <translation>STRIP 针对某个投毒数据集相对干净测试集的 ROC 曲线下面积：1 表示在某个阈值下可完全区分两者，0.5 相当于随机猜测。它与阈值无关。</translation>
    </message>
    <message>
        <source>Liu et al.&apos;s definition (Fine-Pruning, 2018), as the Comparison view applies it: B is pruned alone (no fine-tuning), least active channels first, up to k*, the most channels before its CCA first falls more than 4 points below the unpruned CCA; an attack whose ASR at k* is still at least 50 % survives pruning of the dormant channels and is pruning-aware. Pruning alone does not remove it: fine-tune.</source>
        <translation>Liu 等人的定义（Fine-Pruning，2018），按“比较”视图的应用方式：仅对 B 剪枝（不微调），从最不活跃的通道开始，直到 k*，即其 CCA 首次比未剪枝时的 CCA 低超过 4 个百分点之前所能剪枝的最多通道数；若某攻击在 k* 处的 ASR 仍至少为 50 %，则它在休眠通道被剪枝后依然存活，为剪枝感知攻击。仅靠剪枝无法消除它：请进行微调。</translation>
    </message>
    <message>
        <source>BackdoorLab user guide</source>
        <translation>BackdoorLab 用户指南</translation>
    </message>
    <message>
        <source>BackdoorLab is for a neural network you received and suspect of a backdoor: a hidden trigger (a patch, a pattern, sunglasses) that makes it output the attacker&apos;s target class. It implements the two defenses compared by Ye, Bamigbade and Babushkin: fine-pruning (Liu et al.) and STRIP (Gao et al.).</source>
        <translation>BackdoorLab 用于分析你收到的、怀疑含有后门的神经网络：后门是一个隐藏的触发器（一个色块、一种图案、一副墨镜），会使网络输出攻击者的目标类别。它实现了 Ye、Bamigbade 和 Babushkin 所比较的两种防御：精细剪枝（Liu 等人）和 STRIP（Gao 等人）。</translation>
    </message>
    <message>
        <source>Three questions</source>
        <translation>三个问题</translation>
    </message>
    <message>
        <source>&lt;b&gt;Trust the model?&lt;/b&gt; Is B backdoored? Look at B&apos;s ASR on the poisoned sets at k = 0 in the Fine-pruning view, at channels that fire on poisoned data only in the Activations view, and at how well STRIP separates clean from poisoned inputs (AUROC). A high ASR means: do not use B as it is.</source>
        <translation>&lt;b&gt;能否信任该模型？&lt;/b&gt; B 是否含有后门？查看“精细剪枝”视图中 k = 0 时 B 在投毒数据集上的 ASR，查看“激活值”视图中只在投毒数据上激活的通道，并查看 STRIP 区分干净输入与投毒输入的效果（AUROC）。ASR 高意味着：不要直接使用 B。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Repair it?&lt;/b&gt; Does fine-pruning give a repaired model B&apos; that keeps its clean accuracy (CCA) and loses the backdoor (low ASR)? Make B&apos; in the Fine-pruning view or pick it in the LR sweep, check it in the Activations view, and weigh it against STRIP and the goodnets in the Comparison view.</source>
        <translation>&lt;b&gt;能否修复？&lt;/b&gt; 精细剪枝能否得到一个保持干净准确率（CCA）并去除后门（ASR 低）的修复模型 B&apos;？在“精细剪枝”视图中生成 B&apos; 或在“学习率扫描”中选取，在“激活值”视图中检查它，并在“比较”视图中将其与 STRIP 和 goodnet 相权衡。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Filter its inputs?&lt;/b&gt; Keep B (or B&apos;) and reject suspicious inputs instead: STRIP flags inputs whose predictions stay confident under superimposition, the goodnets G and G&apos; reject inputs on which two models disagree (Comparison view), and the Inspector gives every verdict for one image.</source>
        <translation>&lt;b&gt;能否过滤其输入？&lt;/b&gt; 保留 B（或 B&apos;），转而拒绝可疑输入：STRIP 标记在叠加后预测仍保持确定的输入，goodnet G 和 G&apos; 拒绝两个模型判定不一致的输入（“比较”视图），“检查器”则给出单张图像的所有判定。</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>工作流程</translation>
    </message>
    <message>
        <source>File &amp;gt; Open (Ctrl+O) loads B, the clean test set (for CCA), clean data to rank the channels and fine-tune on (without it, 20 % of the clean test data is held out for that) and the poisoned sets (for ASR); the workspace panel on the left lists them. The pruning curve then starts by itself. Go through the views in tab order; every job shows its progress in the status bar, and Esc cancels it. File &amp;gt; Save Session keeps the whole analysis, File &amp;gt; Export the plots, the numbers and the models.</source>
        <translation>文件 &amp;gt; 打开 (Ctrl+O) 加载 B、干净测试集（用于 CCA）、用于通道排序和微调的干净数据（若未提供，则从干净测试数据中留出 20 % 用于此目的）以及投毒数据集（用于 ASR）；左侧的工作区面板列出这些内容。随后剪枝曲线会自动开始计算。按标签页顺序浏览各视图；每个任务都在状态栏显示进度，按 Esc 可取消。文件 &amp;gt; 保存会话 保存整个分析，文件 &amp;gt; 导出 导出图表、数值和模型。</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>术语</translation>
    </message>
    <message>
        <source>Every setting of the views has a tooltip that says what it does and its default. F1 opens this guide at the section of the current view.</source>
        <translation>各视图中的每项设置都有工具提示，说明其作用及默认值。按 F1 可在当前视图对应的章节打开本指南。</translation>
    </message>
    <message>
        <source>Every B&apos; made in the workspace (also a sweep cell made current) stays in the &lt;i&gt;B&apos; candidates&lt;/i&gt; table below the curves with how it was made and its CCA and ASR: &lt;i&gt;Make current&lt;/i&gt; makes one B&apos; again, &lt;i&gt;Export...&lt;/i&gt; writes any of them.</source>
        <translation>工作区中生成的每个 B&apos;（包括被设为当前的扫描单元格）都会保留在曲线下方的 &lt;i&gt;B&apos; 候选模型&lt;/i&gt; 表中，并显示其生成方式及 CCA 和 ASR：&lt;i&gt;设为当前&lt;/i&gt; 可将其中一个重新设为 B&apos;，&lt;i&gt;导出...&lt;/i&gt; 可写出其中任意一个。</translation>
    </message>
</context>
<context>
    <name>bdl::app::InspectorView</name>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Clean test</source>
        <translation>干净测试集</translation>
    </message>
    <message>
        <source>Clean train</source>
        <translation>干净训练集</translation>
    </message>
    <message>
        <source>Poisoned</source>
        <translation>投毒</translation>
    </message>
    <message>
        <source>Open image...</source>
        <translation>打开图像...</translation>
    </message>
    <message>
        <source>or drop a PNG, JPEG or BMP file here</source>
        <translation>或将 PNG、JPEG 或 BMP 文件拖放到此处</translation>
    </message>
    <message>
        <source>Pick from a set</source>
        <translation>从数据集中选取</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>索引</translation>
    </message>
    <message>
        <source>Open an image, drop one here or pick one from a set</source>
        <translation>打开图像、将图像拖放到此处，或从数据集中选取一张</translation>
    </message>
    <message>
        <source>B: top 5</source>
        <translation>B：前 5</translation>
    </message>
    <message>
        <source>B&apos;: top 5</source>
        <translation>B&apos;：前 5</translation>
    </message>
    <message>
        <source>No repaired model yet</source>
        <translation>尚无修复后的模型</translation>
    </message>
    <message>
        <source>Verdicts</source>
        <translation>判定结果</translation>
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
        <translation>无法检查该图像（见上方消息）</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1：%2（%3）</translation>
    </message>
    <message>
        <source>No data set %1 in the workspace</source>
        <translation>工作区中没有数据集 %1</translation>
    </message>
    <message>
        <source>%1 has no image %2 (it holds %3)</source>
        <translation>%1 中没有图像 %2（共有 %3 张）</translation>
    </message>
    <message>
        <source>Inspecting image %1 of %2...</source>
        <translation>正在检查 %2 的第 %1 张图像...</translation>
    </message>
    <message>
        <source>Inspecting %1...</source>
        <translation>正在检查 %1...</translation>
    </message>
    <message>
        <source>Inspect an image</source>
        <translation>检查图像</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>图像 (%1)</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>N: poisoned (B and B&apos; disagree)</source>
        <translation>N：投毒（B 与 B&apos; 不一致）</translation>
    </message>
    <message>
        <source>%1 (B and B&apos; agree)</source>
        <translation>%1（B 与 B&apos; 一致）</translation>
    </message>
    <message>
        <source>entropy %1 bits over %2 superimpositions</source>
        <translation>在 %2 次叠加上的熵为 %1 比特</translation>
    </message>
    <message>
        <source>%1; no threshold yet (run STRIP on the STRIP tab)</source>
        <translation>%1；尚无阈值（请在 STRIP 标签页上运行 STRIP）</translation>
    </message>
    <message>
        <source>%1; threshold %2: %3</source>
        <translation>%1；阈值 %2：%3</translation>
    </message>
    <message>
        <source>flagged as trojaned</source>
        <translation>判定为含木马</translation>
    </message>
    <message>
        <source>passes</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>
label %1</source>
        <translation>
标签 %1</translation>
    </message>
    <message>
        <source>%1 (label %2)</source>
        <translation>%1（标签 %2）</translation>
    </message>
    <message>
        <source>The loaded data set to pick an image from</source>
        <translation>从中选取图像的已加载数据集</translation>
    </message>
    <message>
        <source>Position of the image in the chosen set, from 0</source>
        <translation>图像在所选数据集中的位置，从 0 开始</translation>
    </message>
</context>
<context>
    <name>bdl::app::JobStatusBar</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the running job; the previous results stay</source>
        <translation>停止正在运行的任务；之前的结果将保留</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 elapsed</source>
        <translation>已用时 %1</translation>
    </message>
    <message>
        <source>%1 elapsed, about %2 left</source>
        <translation>已用时 %1，约剩 %2</translation>
    </message>
    <message>
        <source>%1: done</source>
        <translation>%1：完成</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1：已取消</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>%1 not started: %2</source>
        <translation>%1 未启动：%2</translation>
    </message>
</context>
<context>
    <name>bdl::app::JobText</name>
    <message>
        <source>Opening the workspace</source>
        <translation>正在打开工作区</translation>
    </message>
    <message>
        <source>Pruning curve</source>
        <translation>剪枝曲线</translation>
    </message>
    <message>
        <source>Fine-tuning</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>Paper protocol</source>
        <translation>论文方案</translation>
    </message>
    <message>
        <source>Liu et al. protocol</source>
        <translation>Liu 等人方案</translation>
    </message>
    <message>
        <source>Learning-rate sweep</source>
        <translation>学习率扫描</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>Loading the sweep&apos;s model</source>
        <translation>正在加载扫描所得模型</translation>
    </message>
    <message>
        <source>Exporting B&apos;</source>
        <translation>正在导出 B&apos;</translation>
    </message>
    <message>
        <source>Exporting G(B, B&apos;)</source>
        <translation>正在导出 G(B, B&apos;)</translation>
    </message>
    <message>
        <source>Prune slider</source>
        <translation>剪枝滑块</translation>
    </message>
    <message>
        <source>Fine-tuning at k</source>
        <translation>在 k 处微调</translation>
    </message>
    <message>
        <source>Learning-rate sweep cell</source>
        <translation>学习率扫描单元格</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
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
        <translation>STRIP 详情</translation>
    </message>
    <message>
        <source>Inspecting the image</source>
        <translation>正在检查图像</translation>
    </message>
    <message>
        <source>Goodnets G and G&apos;</source>
        <translation>goodnet G 和 G&apos;</translation>
    </message>
    <message>
        <source>Restoring the session</source>
        <translation>正在恢复会话</translation>
    </message>
    <message>
        <source>Loading a B&apos; candidate</source>
        <translation>正在加载 B&apos; 候选模型</translation>
    </message>
    <message>
        <source>Exporting a B&apos; candidate</source>
        <translation>正在导出 B&apos; 候选模型</translation>
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
        <translation>工作区</translation>
    </message>
    <message>
        <source>Fine-pruning</source>
        <translation>精细剪枝</translation>
    </message>
    <message>
        <source>LR sweep</source>
        <translation>学习率扫描</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>STRIP</source>
        <translation>STRIP</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open...</source>
        <translation>打开(&amp;O)...</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Dark plots</source>
        <translation>深色图表(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About BackdoorLab</source>
        <translation>关于 BackdoorLab(&amp;A)</translation>
    </message>
    <message>
        <source>Pruning curve</source>
        <translation>剪枝曲线</translation>
    </message>
    <message>
        <source>Paper protocol steps</source>
        <translation>论文方案步骤</translation>
    </message>
    <message>
        <source>CCA heatmap</source>
        <translation>CCA 热力图</translation>
    </message>
    <message>
        <source>ASR heatmap</source>
        <translation>ASR 热力图</translation>
    </message>
    <message>
        <source>Channel activations</source>
        <translation>通道激活值</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>STRIP entropy histogram</source>
        <translation>STRIP 熵直方图</translation>
    </message>
    <message>
        <source>STRIP ROC curves</source>
        <translation>STRIP ROC 曲线</translation>
    </message>
    <message>
        <source>STRIP scores and histogram</source>
        <translation>STRIP 得分与直方图</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>slider: %1 ms from valueChanged to readout (%2)</source>
        <translation>滑块：从 valueChanged 到读数显示耗时 %1 ms（%2）</translation>
    </message>
    <message>
        <source>cached curve</source>
        <translation>缓存的曲线</translation>
    </message>
    <message>
        <source>evaluated on the worker</source>
        <translation>在工作线程上计算</translation>
    </message>
    <message>
        <source>job %1: %2 s, longest GUI-thread stall %3 ms</source>
        <translation>任务 %1：%2 s，GUI 线程最长卡顿 %3 ms</translation>
    </message>
    <message>
        <source>job %1 failed: %2</source>
        <translation>任务 %1 失败：%2</translation>
    </message>
    <message>
        <source>Opening %1...</source>
        <translation>正在打开 %1...</translation>
    </message>
    <message>
        <source>Opening the demo zoo&apos;s %1 model...</source>
        <translation>正在打开演示模型库的 %1 模型...</translation>
    </message>
    <message>
        <source>The demo zoo was built in %1</source>
        <translation>演示模型库已构建在 %1 中</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1（%2 %）</translation>
    </message>
    <message>
        <source>About BackdoorLab</source>
        <translation>关于 BackdoorLab</translation>
    </message>
    <message>
        <source>&lt;b&gt;BackdoorLab %1&lt;/b&gt;&lt;p&gt;Inspect and repair backdoored neural networks: fine-pruning (Liu et al.) and the learning-rate sweep of Ye, Bamigbade and Babushkin.&lt;/p&gt;</source>
        <translation>&lt;b&gt;BackdoorLab %1&lt;/b&gt;&lt;p&gt;检查并修复带后门的神经网络：精细剪枝（Liu 等人）以及 Ye、Bamigbade 和 Babushkin 的学习率扫描。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;Session...</source>
        <translation>打开会话(&amp;S)...</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Save Session &amp;As...</source>
        <translation>会话另存为(&amp;A)...</translation>
    </message>
    <message>
        <source>&amp;Cancel Job</source>
        <translation>取消任务(&amp;C)</translation>
    </message>
    <message>
        <source>Se&amp;ttings...</source>
        <translation>设置(&amp;T)...</translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation>显示 %1</translation>
    </message>
    <message>
        <source>%1[*] - BackdoorLab</source>
        <translation>%1[*] - BackdoorLab</translation>
    </message>
    <message>
        <source>%1 no longer exists; removed from the recent files</source>
        <translation>%1 已不存在；已从最近文件中移除</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Defense comparison</source>
        <translation>防御方法比较</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>Restore Autosaved Session...</source>
        <translation>恢复自动保存的会话...</translation>
    </message>
    <message>
        <source>Export &amp;Report...</source>
        <translation>导出报告(&amp;R)...</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <source>%1: wait for the running job to finish (or cancel it): its results are not complete yet</source>
        <translation>%1：请等待正在运行的任务完成（或取消它）：其结果尚不完整</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>PDF report, with an HTML copy (*.pdf)</source>
        <translation>PDF 报告，附 HTML 副本 (*.pdf)</translation>
    </message>
    <message>
        <source>Report not written: %1</source>
        <translation>报告未写入：%1</translation>
    </message>
    <message>
        <source>Wrote the report %1 and %2</source>
        <translation>已写入报告 %1 和 %2</translation>
    </message>
    <message>
        <source>&amp;Workspace panel</source>
        <translation>工作区面板(&amp;W)</translation>
    </message>
    <message>
        <source>Open Res&amp;ult...</source>
        <translation>打开结果(&amp;U)...</translation>
    </message>
    <message>
        <source>Cannot open %1: not a session (.bdlsession), a result (.json), a model or data file (.h5, .hdf5, .keras) or an image (PNG, JPEG, BMP)</source>
        <translation>无法打开 %1：不是会话（.bdlsession）、结果（.json）、模型或数据文件（.h5、.hdf5、.keras），也不是图像（PNG、JPEG、BMP）</translation>
    </message>
    <message>
        <source>Opened the result %1</source>
        <translation>已打开结果 %1</translation>
    </message>
    <message>
        <source>Open Result</source>
        <translation>打开结果</translation>
    </message>
    <message>
        <source>BackdoorLab results (sweep, strip, audit, merge) (*.json);;All files (*)</source>
        <translation>BackdoorLab 结果（sweep、strip、audit、merge） (*.json);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>bdl::app::NotificationBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>bdl::app::OpenDialog</name>
    <message>
        <source>Open a workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <source>Model under test (B)</source>
        <translation>待测模型（B）</translation>
    </message>
    <message>
        <source>Demo zoo model</source>
        <translation>演示模型库模型</translation>
    </message>
    <message>
        <source>default folder (built on first use)</source>
        <translation>默认文件夹（首次使用时构建）</translation>
    </message>
    <message>
        <source>recorded in the file, or csaw-badnet</source>
        <translation>文件中记录的架构，或 csaw-badnet</translation>
    </message>
    <message>
        <source>default (the zoo&apos;s, else auto-detect)</source>
        <translation>默认（模型库的设置，否则自动检测）</translation>
    </message>
    <message>
        <source>auto-detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>pixels / 255</source>
        <translation>像素 / 255</translation>
    </message>
    <message>
        <source>raw 0..255</source>
        <translation>原始值 0..255</translation>
    </message>
    <message>
        <source>Zoo folder</source>
        <translation>模型库文件夹</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Input scale</source>
        <translation>输入缩放</translation>
    </message>
    <message>
        <source>Data sets (empty fields: the zoo&apos;s data)</source>
        <translation>数据集（留空：使用模型库的数据）</translation>
    </message>
    <message>
        <source>Poisoned set</source>
        <translation>投毒数据集</translation>
    </message>
    <message>
        <source>Target (empty: from data)</source>
        <translation>目标（留空：从数据中读取）</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Clean test data (CCA)</source>
        <translation>干净测试数据（CCA）</translation>
    </message>
    <message>
        <source>Clean data (ranking, fine-tuning)</source>
        <translation>干净数据（排序、微调）</translation>
    </message>
    <message>
        <source>Choose the clean test data: it gives the clean accuracy and the input scale.</source>
        <translation>选择干净测试数据：它决定干净准确率和输入缩放。</translation>
    </message>
    <message>
        <source>The target of poisoned set %1 must be a class number.</source>
        <translation>投毒数据集 %1 的目标必须是类别编号。</translation>
    </message>
    <message>
        <source>Data (*.h5 *.hdf5 *-idx3-ubyte *-idx3-ubyte.gz *.png *.jpg *.jpeg);;All files (*)</source>
        <translation>数据 (*.h5 *.hdf5 *-idx3-ubyte *-idx3-ubyte.gz *.png *.jpg *.jpeg);;所有文件 (*)</translation>
    </message>
    <message>
        <source>empty: held out from the clean test data, or the zoo&apos;s</source>
        <translation>留空：从干净测试数据中留出，或使用模型库的数据</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Add poisoned set</source>
        <translation>添加投毒数据集</translation>
    </message>
    <message>
        <source>An HDF5 file, an IDX file, an image or an image folder</source>
        <translation>HDF5 文件、IDX 文件、图像或图像文件夹</translation>
    </message>
    <message>
        <source>File (HDF5, IDX, image)...</source>
        <translation>文件（HDF5、IDX、图像）...</translation>
    </message>
    <message>
        <source>Image folder...</source>
        <translation>图像文件夹...</translation>
    </message>
    <message>
        <source>Hold out</source>
        <translation>留出</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>of the clean test data as the train set, seed</source>
        <translation>的干净测试数据作为训练集，随机种子</translation>
    </message>
    <message>
        <source>The zoo&apos;s clean validation set is the train set.</source>
        <translation>模型库的干净验证集用作训练集。</translation>
    </message>
    <message>
        <source>Ranking and fine-tuning use %1 % of the clean test data (seed %2); CCA is measured on the other %3 %.</source>
        <translation>排序和微调使用 %1 % 的干净测试数据（随机种子 %2）；CCA 在其余 %3 % 上测量。</translation>
    </message>
    <message>
        <source>⚠ In-sample: ranking and fine-tuning will use the clean test set itself, so the CCA of every result after them is measured on its own training data.</source>
        <translation>⚠ 样本内：排序和微调将直接使用干净测试集本身，因此之后每个结果的 CCA 都是在其自身的训练数据上测量的。</translation>
    </message>
    <message>
        <source>Poisoned set: image folder</source>
        <translation>投毒数据集：图像文件夹</translation>
    </message>
    <message>
        <source>The model: %1.</source>
        <translation>模型：%1。</translation>
    </message>
    <message>
        <source>The clean test data: %1.</source>
        <translation>干净测试数据：%1。</translation>
    </message>
    <message>
        <source>The clean train data: %1.</source>
        <translation>干净训练数据：%1。</translation>
    </message>
    <message>
        <source>The hold-out needs a seed (a whole number).</source>
        <translation>留出需要一个随机种子（整数）。</translation>
    </message>
    <message>
        <source>Poisoned set %1: %2 cannot be loaded (%3): choose an HDF5 file, an IDX file, an image or an image folder.</source>
        <translation>投毒数据集 %1：无法加载 %2（%3）：请选择 HDF5 文件、IDX 文件、图像或图像文件夹。</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <source>Models (*.h5 *.hdf5 *.pt *.pth *.ts);;Keras HDF5 (*.h5 *.hdf5);;PyTorch TorchScript (*.pt *.pth *.ts);;All files (*)</source>
        <translation>模型 (*.h5 *.hdf5 *.pt *.pth *.ts);;Keras HDF5 (*.h5 *.hdf5);;PyTorch TorchScript (*.pt *.pth *.ts);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Keras .h5 or PyTorch TorchScript .pt</source>
        <translation>Keras .h5 或 PyTorch TorchScript .pt</translation>
    </message>
    <message>
        <source>from the file where it can be inferred; else H,W,C</source>
        <translation>能推断时取自文件；否则 H,W,C</translation>
    </message>
    <message>
        <source>Input shape</source>
        <translation>输入形状</translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Choose the model file (Keras .h5 or PyTorch TorchScript .pt).</source>
        <translation>请选择模型文件（Keras .h5 或 PyTorch TorchScript .pt）。</translation>
    </message>
    <message>
        <source>The input shape must be H,W,C: three whole numbers such as 32,32,3.</source>
        <translation>输入形状必须为 H,W,C：三个整数，例如 32,32,3。</translation>
    </message>
    <message>
        <source>A backdoored model of the demo zoo (Fashion-MNIST BadNets that mirror the paper&apos;s), opened with the zoo&apos;s data. Default: patch.</source>
        <translation>演示模型库中的一个带后门模型（仿照论文中 BadNet 的 Fashion-MNIST 模型），与模型库的数据一同打开。默认：patch。</translation>
    </message>
    <message>
        <source>The folder of the demo zoo; built there (minutes) when it is missing. Default: empty, the default folder.</source>
        <translation>演示模型库所在的文件夹；缺失时会在此构建（需数分钟）。默认：留空，即默认文件夹。</translation>
    </message>
    <message>
        <source>The model under test, B: a Keras .h5 file (weights only or a whole model) or a PyTorch TorchScript .pt file</source>
        <translation>待测模型 B：Keras .h5 文件（仅权重或完整模型）或 PyTorch TorchScript .pt 文件</translation>
    </message>
    <message>
        <source>Height, width and channels of the images the TorchScript model takes, e.g. 32,32,3. A model that pools adaptively takes any size: say which. Default: empty, inferred from the file.</source>
        <translation>TorchScript 模型接受的图像的高、宽和通道数，例如 32,32,3。自适应池化的模型接受任意尺寸：请指明。默认：留空，从文件推断。</translation>
    </message>
    <message>
        <source>The per-channel normalization the model&apos;s data pipeline applies after dividing by 255 (transforms.Normalize): none, cifar10, imagenet, or mean=0.5,0.5,0.5;std=0.25,0.25,0.25. Default: none.</source>
        <translation>模型数据管道在除以 255 之后应用的按通道归一化 (transforms.Normalize)：none、cifar10、imagenet 或 mean=0.5,0.5,0.5;std=0.25,0.25,0.25。默认：none。</translation>
    </message>
    <message>
        <source>The architecture of a weights-only Keras file, e.g. csaw-badnet (the paper&apos;s BadNet). Default: empty, recorded in the file, else csaw-badnet.</source>
        <translation>仅含权重的 Keras 文件的架构，例如 csaw-badnet（论文中的 BadNet）。默认：留空，使用文件中记录的架构，否则为 csaw-badnet。</translation>
    </message>
    <message>
        <source>How pixels are scaled before B sees them: divided by 255 or raw 0..255. A wrong scale costs about half the clean accuracy. Default: the zoo&apos;s scale, else auto-detect (the better of both on the clean test data).</source>
        <translation>像素在输入 B 之前的缩放方式：除以 255 或原始值 0..255。缩放错误会损失约一半的干净准确率。默认：模型库的缩放方式，否则自动检测（在干净测试数据上取两者中较好的一种）。</translation>
    </message>
    <message>
        <source>Clean test data: every CCA is measured on it. Empty with a zoo model: the zoo&apos;s clean test set.</source>
        <translation>干净测试数据：所有 CCA 都在其上测量。使用模型库模型时留空：即模型库的干净测试集。</translation>
    </message>
    <message>
        <source>Clean data the channels are ranked on and B&apos; is fine-tuned on (the paper: the clean validation set). Empty: held out from the clean test data, or the zoo&apos;s clean validation set.</source>
        <translation>用于通道排序和微调 B&apos; 的干净数据（论文：干净验证集）。留空：从干净测试数据中留出，或使用模型库的干净验证集。</translation>
    </message>
    <message>
        <source>Without a train set, use a seeded share of the clean test data for ranking and fine-tuning, and measure CCA on the rest. Default: on.</source>
        <translation>没有训练集时，按随机种子抽取一部分干净测试数据用于排序和微调，并在其余数据上测量 CCA。默认：开启。</translation>
    </message>
    <message>
        <source>Share of the clean test data held out as the train set. Default: %1 %.</source>
        <translation>留出作为训练集的干净测试数据比例。默认：%1 %。</translation>
    </message>
    <message>
        <source>Seed of the held-out draw: the same seed holds out the same images. Default: 0.</source>
        <translation>留出抽样的随机种子：相同的种子留出相同的图像。默认：0。</translation>
    </message>
    <message>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <source>bfloat16 where it gives the same answers</source>
        <translation>bfloat16（在结果相同时使用）</translation>
    </message>
    <message>
        <source>The number format of B&apos;s forward passes (evaluation, STRIP, curves). bfloat16 runs the convolutional layers about 1.8x faster on CPUs with AVX512-BF16; it is kept only when it gives float32&apos;s top class on at least 99.9 % of up to 2000 clean test images, else float32 is used and the workspace panel says why. Ranking and fine-tuning stay float32. Default: float32.</source>
        <translation>B 前向计算（评估、STRIP、曲线）的数值格式。在支持 AVX512-BF16 的 CPU 上，bfloat16 使卷积层快约 1.8 倍；仅当它在最多 2000 张干净测试图像中至少 99.9 % 上给出与 float32 相同的最高类别时才保留，否则使用 float32，并由工作区面板说明原因。通道排序和微调仍使用 float32。默认：float32。</translation>
    </message>
    <message>
        <source>Inference precision</source>
        <translation>推理精度</translation>
    </message>
</context>
<context>
    <name>bdl::app::PathField</name>
    <message>
        <source>File...</source>
        <translation>文件...</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>Folder...</source>
        <translation>文件夹...</translation>
    </message>
    <message>
        <source>Choose an image folder</source>
        <translation>选择图像文件夹</translation>
    </message>
    <message>
        <source>Browse</source>
        <translation>浏览</translation>
    </message>
    <message>
        <source>An HDF5 file, an IDX file or an image folder</source>
        <translation>HDF5 文件、IDX 文件或图像文件夹</translation>
    </message>
    <message>
        <source>File (HDF5, IDX, image)...</source>
        <translation>文件（HDF5、IDX、图像）...</translation>
    </message>
    <message>
        <source>Image folder...</source>
        <translation>图像文件夹...</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>HDF5 file</source>
        <translation>HDF5 文件</translation>
    </message>
    <message>
        <source>IDX file</source>
        <translation>IDX 文件</translation>
    </message>
    <message>
        <source>one image</source>
        <translation>单张图像</translation>
    </message>
    <message numerus="yes">
        <source>image folder, %n image(s)</source>
        <translation>
            <numerusform>图像文件夹，%n 张图像</numerusform>
        </translation>
    </message>
    <message>
        <source>folder without PNG/JPEG images</source>
        <translation>不含 PNG/JPEG 图像的文件夹</translation>
    </message>
    <message>
        <source>not HDF5, IDX or an image</source>
        <translation>不是 HDF5、IDX 或图像</translation>
    </message>
    <message>
        <source>%1 is not found</source>
        <translation>未找到 %1</translation>
    </message>
    <message>
        <source>%1 is not an HDF5 file, an IDX file, an image or an image folder (%2)</source>
        <translation>%1 不是 HDF5 文件、IDX 文件、图像或图像文件夹（%2）</translation>
    </message>
    <message>
        <source>%1 is not a folder</source>
        <translation>%1 不是文件夹</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>not an HDF5 file</source>
        <translation>不是 HDF5 文件</translation>
    </message>
    <message>
        <source>TorchScript file</source>
        <translation>TorchScript 文件</translation>
    </message>
    <message>
        <source>%1 is neither a Keras HDF5 nor a PyTorch TorchScript file</source>
        <translation>%1 既不是 Keras HDF5 文件，也不是 PyTorch TorchScript 文件</translation>
    </message>
</context>
<context>
    <name>bdl::app::PruneView</name>
    <message>
        <source>Paper protocol: prune one channel, fine-tune, repeat</source>
        <translation>论文方案：剪枝一个通道，微调，重复</translation>
    </message>
    <message>
        <source>Channels pruned, lowest mean activation on clean data first</source>
        <translation>剪枝通道数，按干净数据上的平均激活值从低到高剪枝</translation>
    </message>
    <message>
        <source>Open a workspace to prune</source>
        <translation>打开工作区以进行剪枝</translation>
    </message>
    <message>
        <source>Channels pruned</source>
        <translation>剪枝通道数</translation>
    </message>
    <message>
        <source>Recompute pruning curve</source>
        <translation>重新计算剪枝曲线</translation>
    </message>
    <message>
        <source>Fine-tune at k</source>
        <translation>在 k 处微调</translation>
    </message>
    <message>
        <source>Paper protocol</source>
        <translation>论文方案</translation>
    </message>
    <message>
        <source>Run the paper&apos;s protocol</source>
        <translation>运行论文方案</translation>
    </message>
    <message>
        <source>10 % of the layer</source>
        <translation>该层的 10 %</translation>
    </message>
    <message>
        <source>Channels (steps)</source>
        <translation>通道数（步数）</translation>
    </message>
    <message>
        <source>Liu et al. protocol</source>
        <translation>Liu 等人方案</translation>
    </message>
    <message>
        <source>Run Liu et al.&apos;s protocol</source>
        <translation>运行 Liu 等人方案</translation>
    </message>
    <message>
        <source> points</source>
        <translation> 个百分点</translation>
    </message>
    <message>
        <source>Max accuracy drop</source>
        <translation>最大准确率下降</translation>
    </message>
    <message>
        <source>No repaired model B&apos; yet</source>
        <translation>尚无修复后的模型 B&apos;</translation>
    </message>
    <message>
        <source>Computing the pruning curve...</source>
        <translation>正在计算剪枝曲线...</translation>
    </message>
    <message>
        <source>k = %1 of %2 channels pruned (%3 %) · %4</source>
        <translation>k = %1 / %2 个通道已剪枝（%3 %）· %4</translation>
    </message>
    <message>
        <source>&lt;b&gt;B&apos;&lt;/b&gt; (%1): %2&lt;br&gt;%3</source>
        <translation>&lt;b&gt;B&apos;&lt;/b&gt;（%1）：%2&lt;br&gt;%3</translation>
    </message>
    <message>
        <source>Fine-tune at k: the learning rate must be a number in (0, 10]</source>
        <translation>在 k 处微调：学习率必须是 (0, 10] 范围内的数</translation>
    </message>
    <message>
        <source>Paper protocol: the learning rate must be a number in (0, 10]</source>
        <translation>论文方案：学习率必须是 (0, 10] 范围内的数</translation>
    </message>
    <message>
        <source>Liu et al.: the learning rate must be a number in (0, 10]</source>
        <translation>Liu 等人方案：学习率必须是 (0, 10] 范围内的数</translation>
    </message>
    <message>
        <source>⚠ In-sample CCA: no train set was given, so the channels are ranked and B&apos; is fine-tuned on the clean test set the CCA is measured on.</source>
        <translation>⚠ 样本内 CCA：未提供训练集，因此通道排序和 B&apos; 的微调都在用于测量 CCA 的干净测试集上进行。</translation>
    </message>
    <message>
        <source>Reopen with a train set, or let File &gt; Open hold out part of the clean test data as the train set</source>
        <translation>使用训练集重新打开，或在“文件 &gt; 打开”中留出部分干净测试数据作为训练集</translation>
    </message>
    <message>
        <source>clean accuracy (CCA, in-sample)</source>
        <translation>干净准确率（CCA，样本内）</translation>
    </message>
    <message>
        <source>clean accuracy (CCA)</source>
        <translation>干净准确率（CCA）</translation>
    </message>
    <message>
        <source>%1 · CCA in-sample</source>
        <translation>%1 · 样本内 CCA</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;⚠ In-sample:&lt;/b&gt; fine-tuned on the clean test set its CCA is measured on</source>
        <translation>&lt;br&gt;&lt;b&gt;⚠ 样本内：&lt;/b&gt;在用于测量其 CCA 的干净测试集上微调</translation>
    </message>
    <message>
        <source>Channels the paper&apos;s protocol prunes, one at a time, fine-tuning after each. Paper default: 10 % of the layer&apos;s channels.</source>
        <translation>论文方案逐个剪枝的通道数，每剪一个后微调一次。论文默认值：该层通道数的 10 %。</translation>
    </message>
    <message>
        <source>Liu et al.&apos;s stopping rule: prune (without fine-tuning) until the clean validation accuracy (20 % held out of the train set) drops by more than this many points, then fine-tune once. Liu et al.&apos;s default: 4 points.</source>
        <translation>Liu 等人的停止规则：剪枝（不微调），直到干净验证准确率（从训练集中留出 20 %）下降超过此百分点数，然后微调一次。Liu 等人的默认值：4 个百分点。</translation>
    </message>
</context>
<context>
    <name>bdl::app::RecentFiles</name>
    <message>
        <source>No recent files</source>
        <translation>无最近文件</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>清除(&amp;C)</translation>
    </message>
</context>
<context>
    <name>bdl::app::RecoveryDialog</name>
    <message>
        <source>Autosaved Sessions</source>
        <translation>自动保存的会话</translation>
    </message>
    <message>
        <source>BackdoorLab did not exit normally, and these autosaved sessions were left behind. Restore one, or discard those you do not need. Until you choose, they are kept as they are.</source>
        <translation>BackdoorLab 未正常退出，留下了以下自动保存的会话。请恢复其中一个，或丢弃不需要的会话。在您做出选择之前，它们将保持原样。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Decide Later</source>
        <translation>稍后决定</translation>
    </message>
</context>
<context>
    <name>bdl::app::ResultFileText</name>
    <message>
        <source>this is one shard of a sharded result (a partial file); merge the parts first: %1</source>
        <translation>这是分片结果中的一个分片（部分文件）；请先合并各部分：%1</translation>
    </message>
    <message>
        <source>this is shard %1 of %2 of a %3 result; merge the parts first: %4</source>
        <translation>这是 %3 结果的第 %1 个分片（共 %2 个）；请先合并各部分：%4</translation>
    </message>
    <message>
        <source>&apos;lrs&apos; is empty: the sweep has no learning rate</source>
        <translation>&apos;lrs&apos; 为空：该扫描没有学习率</translation>
    </message>
    <message>
        <source>&apos;ks&apos; is empty: the sweep has no channel count</source>
        <translation>&apos;ks&apos; 为空：该扫描没有通道数</translation>
    </message>
    <message>
        <source>the grid has %1 cells (%2 learning rates x %3 channel counts); at most %4 can be shown</source>
        <translation>网格有 %1 个单元格（%2 个学习率 x %3 个通道数）；最多只能显示 %4 个</translation>
    </message>
    <message>
        <source>&apos;asr&apos; has a set without a name</source>
        <translation>&apos;asr&apos; 中有一个没有名称的数据集</translation>
    </message>
    <message>
        <source>&apos;protocol&apos; is &quot;%1&quot;, not &quot;paper&quot; or &quot;liu&quot;</source>
        <translation>&apos;protocol&apos; 为 &quot;%1&quot;，而不是 &quot;paper&quot; 或 &quot;liu&quot;</translation>
    </message>
    <message>
        <source>%1 is %2</source>
        <translation>%1 为 %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>not a file</source>
        <translation>不是文件</translation>
    </message>
    <message>
        <source>cannot open: %1</source>
        <translation>无法打开：%1</translation>
    </message>
    <message>
        <source>%1 bytes is too large for a result file (at most %2)</source>
        <translation>%1 字节对于结果文件过大（最多 %2）</translation>
    </message>
    <message>
        <source>not enough memory to read it</source>
        <translation>内存不足，无法读取</translation>
    </message>
    <message>
        <source>cannot read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <source>not valid JSON (error at byte %1: %2)</source>
        <translation>不是有效的 JSON（第 %1 字节出错：%2）</translation>
    </message>
    <message>
        <source>not a BackdoorLab result (the JSON is not an object)</source>
        <translation>不是 BackdoorLab 结果（该 JSON 不是对象）</translation>
    </message>
    <message>
        <source>not a BackdoorLab result: it has no &quot;command&quot; (results of backdoorlab-cli sweep, strip or audit with --json, or of backdoorlab-cli merge, have one)</source>
        <translation>不是 BackdoorLab 结果：缺少 &quot;command&quot;（backdoorlab-cli sweep、strip 或 audit 加 --json 的结果，以及 backdoorlab-cli merge 的结果都有该字段）</translation>
    </message>
    <message>
        <source>a &quot;%1&quot; result; the desktop app opens sweep, strip and audit results</source>
        <translation>这是 &quot;%1&quot; 结果；桌面应用只能打开 sweep、strip 和 audit 结果</translation>
    </message>
    <message>
        <source>%1 has a set without a name</source>
        <translation>%1 中有一个没有名称的数据集</translation>
    </message>
    <message>
        <source>%1 is not increasing at position %2</source>
        <translation>%1 在位置 %2 处不是递增的</translation>
    </message>
    <message>
        <source>&apos;models&apos; is empty: the audit has no model</source>
        <translation>&apos;models&apos; 为空：该审计没有模型</translation>
    </message>
    <message>
        <source>a finite number</source>
        <translation>有限数</translation>
    </message>
    <message>
        <source>a number &gt;= 0</source>
        <translation>&gt;= 0 的数</translation>
    </message>
    <message>
        <source>a number &gt; 0</source>
        <translation>&gt; 0 的数</translation>
    </message>
    <message>
        <source>a percentage (0 to 100)</source>
        <translation>百分比（0 到 100）</translation>
    </message>
    <message>
        <source>a number from 0 to 1</source>
        <translation>0 到 1 之间的数</translation>
    </message>
    <message>
        <source>%1 has %2</source>
        <translation>%1 有 %2 个</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>空</translation>
    </message>
    <message>
        <source>%1 is missing</source>
        <translation>缺少 %1</translation>
    </message>
    <message>
        <source>%1 is %2, not an object</source>
        <translation>%1 为%2，而不是对象</translation>
    </message>
    <message>
        <source>%1 is %2, not an array</source>
        <translation>%1 为%2，而不是数组</translation>
    </message>
    <message>
        <source>%1 is %2, not a string</source>
        <translation>%1 为%2，而不是字符串</translation>
    </message>
    <message>
        <source>%1 is an empty string</source>
        <translation>%1 为空字符串</translation>
    </message>
    <message>
        <source>%1 is %2, not true or false</source>
        <translation>%1 为%2，而不是 true 或 false</translation>
    </message>
    <message>
        <source>%1 is %2, not a whole number from %3 to %4</source>
        <translation>%1 为 %2，而不是 %3 到 %4 之间的整数</translation>
    </message>
    <message>
        <source>%1 is %2, not %3</source>
        <translation>%1 为 %2，而不是%3</translation>
    </message>
    <message>
        <source> or null</source>
        <translation>或 null</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <translation>%1；%2</translation>
    </message>
    <message>
        <source>%1 has %2 rows; %3</source>
        <translation>%1 有 %2 行；%3</translation>
    </message>
    <message>
        <source>%1 has %2 values; %3</source>
        <translation>%1 有 %2 个值；%3</translation>
    </message>
    <message>
        <source>%1 is &quot;%2&quot;, not &quot;yes&quot;, &quot;partly&quot;, &quot;no&quot; or &quot;unknown&quot;</source>
        <translation>%1 为 &quot;%2&quot;，而不是 &quot;yes&quot;、&quot;partly&quot;、&quot;no&quot; 或 &quot;unknown&quot;</translation>
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
        <translation>已加载结果：%1（backdoorlab-cli %2）。这些是从该文件读取的、一次已完成运行的数值，而非实时分析。主窗口中的工作区保持不变。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>LR sweep result</source>
        <translation>学习率扫描结果</translation>
    </message>
    <message>
        <source>STRIP result</source>
        <translation>STRIP 结果</translation>
    </message>
    <message>
        <source>Audit result</source>
        <translation>审计结果</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>层 %1</translation>
    </message>
    <message>
        <source>paper protocol (prune a channel, fine-tune, repeat)</source>
        <translation>论文方案（剪枝一个通道，微调，重复）</translation>
    </message>
    <message>
        <source>Liu et al.&apos;s protocol (each cell: prune k channels, fine-tune once)</source>
        <translation>Liu 等人方案（每个单元格：剪枝 k 个通道，微调一次）</translation>
    </message>
    <message>
        <source>epochs per fine-tuning: %1</source>
        <translation>每次微调的训练轮数：%1</translation>
    </message>
    <message>
        <source>fine-tuned on the clean test set (CCA in-sample)</source>
        <translation>在干净测试集上微调（样本内 CCA）</translation>
    </message>
    <message>
        <source>Sweep of %1</source>
        <translation>%1 的扫描</translation>
    </message>
</context>
<context>
    <name>bdl::app::ScreenshotRunner</name>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>No screenshot: %1 failed: %2</source>
        <translation>未生成截图：%1 失败：%2</translation>
    </message>
    <message>
        <source>Could not render the window for %1</source>
        <translation>无法为 %1 渲染窗口</translation>
    </message>
    <message>
        <source>Could not encode the screenshot as PNG for %1</source>
        <translation>无法将 %1 的截图编码为 PNG</translation>
    </message>
    <message>
        <source>No screenshot: unknown view &quot;%1&quot; (one of: %2)</source>
        <translation>未生成截图：未知视图 &quot;%1&quot;（可选：%2）</translation>
    </message>
    <message>
        <source>the workspace has no poisoned set to inspect</source>
        <translation>工作区中没有可供检查的投毒数据集</translation>
    </message>
    <message>
        <source>No screenshot: %1 could not start: %2</source>
        <translation>未生成截图：%1 无法启动：%2</translation>
    </message>
    <message>
        <source>the controller refused it</source>
        <translation>控制器拒绝了该请求</translation>
    </message>
</context>
<context>
    <name>bdl::app::Session</name>
    <message>
        <source>not a BackdoorLab session (no &quot;format&quot;: &quot;%1&quot;)</source>
        <translation>不是 BackdoorLab 会话（缺少 &quot;format&quot;: &quot;%1&quot;）</translation>
    </message>
    <message>
        <source>the session has no valid format version</source>
        <translation>该会话没有有效的格式版本</translation>
    </message>
    <message>
        <source>the session has format version %1; this BackdoorLab reads up to %2: update BackdoorLab to open it</source>
        <translation>该会话的格式版本为 %1；此 BackdoorLab 最高只能读取版本 %2：请更新 BackdoorLab 以打开它</translation>
    </message>
    <message>
        <source>expected 64 hexadecimal digits</source>
        <translation>应为 64 位十六进制数字</translation>
    </message>
    <message>
        <source>damaged session: %1</source>
        <translation>会话已损坏：%1</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1：无法写入：%2</translation>
    </message>
    <message>
        <source>%1: cannot write (disk full?): %2</source>
        <translation>%1：无法写入（磁盘已满？）：%2</translation>
    </message>
    <message>
        <source>%1: cannot open: %2</source>
        <translation>%1：无法打开：%2</translation>
    </message>
    <message>
        <source>%1: %2 bytes is too large for a session file</source>
        <translation>%1：%2 字节，对会话文件而言过大</translation>
    </message>
    <message>
        <source>%1: not a session file (JSON error at byte %2: %3)</source>
        <translation>%1：不是会话文件（第 %2 字节处 JSON 错误：%3）</translation>
    </message>
    <message>
        <source>%1: not a session file (no JSON object)</source>
        <translation>%1：不是会话文件（没有 JSON 对象）</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>expected a number</source>
        <translation>应为数字</translation>
    </message>
    <message>
        <source>expected a whole number in %1..%2</source>
        <translation>应为 %1..%2 范围内的整数</translation>
    </message>
    <message>
        <source>expected a whole number</source>
        <translation>应为整数</translation>
    </message>
    <message>
        <source>expected an unsigned whole number as a string</source>
        <translation>应为以字符串表示的无符号整数</translation>
    </message>
    <message>
        <source>expected true or false</source>
        <translation>应为 true 或 false</translation>
    </message>
    <message>
        <source>expected a string</source>
        <translation>应为字符串</translation>
    </message>
    <message>
        <source>expected an object</source>
        <translation>应为对象</translation>
    </message>
    <message>
        <source>expected an array</source>
        <translation>应为数组</translation>
    </message>
    <message>
        <source>out of range</source>
        <translation>超出范围</translation>
    </message>
    <message>
        <source>has %1 entries, expected %2</source>
        <translation>有 %1 个条目，应为 %2 个</translation>
    </message>
    <message>
        <source>needs the calibration and clean test sets</source>
        <translation>需要校准集和干净测试集</translation>
    </message>
    <message>
        <source>expected a non-negative number</source>
        <translation>应为非负数</translation>
    </message>
    <message>
        <source>expected &quot;alpha&quot; or &quot;additive&quot;</source>
        <translation>应为 &quot;alpha&quot; 或 &quot;additive&quot;</translation>
    </message>
    <message>
        <source>expected &quot;train&quot; or &quot;clean-test&quot;</source>
        <translation>应为 &quot;train&quot; 或 &quot;clean-test&quot;</translation>
    </message>
    <message>
        <source>expected &quot;normal-fit&quot;, &quot;percentile&quot; or &quot;equal-error&quot;</source>
        <translation>应为 &quot;normal-fit&quot;、&quot;percentile&quot; 或 &quot;equal-error&quot;</translation>
    </message>
    <message>
        <source>not valid base64</source>
        <translation>不是有效的 base64</translation>
    </message>
    <message>
        <source>weights without the repair they belong to</source>
        <translation>权重缺少其所属的修复记录</translation>
    </message>
    <message>
        <source>the request opens %1 but the results are for %2</source>
        <translation>请求打开的是 %1，但结果属于 %2</translation>
    </message>
    <message>
        <source>the request&apos;s clean test data %1 is not the results&apos; %2</source>
        <translation>请求的干净测试数据 %1 与结果的干净测试数据 %2 不一致</translation>
    </message>
    <message>
        <source>the request&apos;s train data %1 is not the results&apos; %2</source>
        <translation>请求的训练数据 %1 与结果的训练数据 %2 不一致</translation>
    </message>
    <message>
        <source>the request&apos;s poisoned sets are not those of the results</source>
        <translation>请求的投毒数据集与结果的投毒数据集不一致</translation>
    </message>
    <message>
        <source>%1: not saved, it would not reopen: %2</source>
        <translation>%1：未保存，因为它无法重新打开：%2</translation>
    </message>
    <message>
        <source>%1 reads back differently</source>
        <translation>%1 读回后不一致</translation>
    </message>
    <message>
        <source>more than %1 candidates</source>
        <translation>候选模型超过 %1 个</translation>
    </message>
    <message>
        <source>the id %1 is used twice</source>
        <translation>编号 %1 被使用了两次</translation>
    </message>
    <message>
        <source>no weights</source>
        <translation>没有权重</translation>
    </message>
    <message>
        <source>names no entry of results.candidates</source>
        <translation>未指向 results.candidates 中的任何条目</translation>
    </message>
    <message>
        <source>candidates without the current B&apos; (results.repaired and results.repairedWeights)</source>
        <translation>有候选模型却缺少当前的 B&apos;（results.repaired 和 results.repairedWeights）</translation>
    </message>
</context>
<context>
    <name>bdl::app::SessionManager</name>
    <message>
        <source>Nothing to save in %1: no workspace is open</source>
        <translation>无法保存到 %1：没有打开的工作区</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Could not read the session %1</source>
        <translation>无法读取会话 %1</translation>
    </message>
    <message>
        <source>Reopening the session %1...</source>
        <translation>正在重新打开会话 %1...</translation>
    </message>
    <message>
        <source>Could not reopen the session %1: %2</source>
        <translation>无法重新打开会话 %1：%2</translation>
    </message>
    <message>
        <source>analysis.bdlsession</source>
        <translation>analysis.bdlsession</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>BackdoorLab sessions (*.bdlsession)</source>
        <translation>BackdoorLab 会话 (*.bdlsession)</translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>BackdoorLab sessions (*.bdlsession);;All files (*)</source>
        <translation>BackdoorLab 会话 (*.bdlsession);;所有文件 (*)</translation>
    </message>
    <message>
        <source>BackdoorLab did not exit normally last time; its autosave was kept: %1</source>
        <translation>BackdoorLab 上次未正常退出；其自动保存已保留：%1</translation>
    </message>
    <message numerus="yes">
        <source>BackdoorLab did not exit normally; %n autosaved session(s) were kept: %1</source>
        <translation>
            <numerusform>BackdoorLab 未正常退出；已保留 %n 个自动保存的会话：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Restore or Discard...</source>
        <translation>恢复或丢弃...</translation>
    </message>
    <message>
        <source>%1 is being restored; it cannot be discarded now</source>
        <translation>正在恢复 %1；现在无法丢弃</translation>
    </message>
</context>
<context>
    <name>bdl::app::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>语言将在下次启动时更改。</translation>
    </message>
    <message>
        <source>Dark plots</source>
        <translation>深色图表</translation>
    </message>
    <message>
        <source>every core</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>Worker &amp;threads:</source>
        <translation>工作线程数(&amp;T)：</translation>
    </message>
    <message>
        <source>Threads change at the next start.</source>
        <translation>线程数将在下次启动时更改。</translation>
    </message>
    <message>
        <source>Autosave after every job, to recover the analysis after a crash</source>
        <translation>每个任务完成后自动保存，以便在崩溃后恢复分析</translation>
    </message>
    <message>
        <source>The language of the window; applies at the next start. Default: the system&apos;s language.</source>
        <translation>窗口的语言；下次启动时生效。默认：系统语言。</translation>
    </message>
    <message>
        <source>Draw the plots on a dark background (View &gt; Dark plots, Ctrl+D). Default: off.</source>
        <translation>在深色背景上绘制图表（视图 &gt; 深色图表，Ctrl+D）。默认：关闭。</translation>
    </message>
    <message>
        <source>LibTorch threads of the computations; applies at the next start. Default: every core.</source>
        <translation>计算所用的 LibTorch 线程数；下次启动时生效。默认：全部核心。</translation>
    </message>
    <message>
        <source>After every job that changes results, write the analysis to an autosave file that the next start offers to restore after a crash. Default: on.</source>
        <translation>每个改变结果的任务完成后，将分析写入自动保存文件；崩溃后下次启动时会提供恢复。默认：开启。</translation>
    </message>
</context>
<context>
    <name>bdl::app::StageText</name>
    <message>
        <source>activations of %1</source>
        <translation>%1 的激活值</translation>
    </message>
    <message>
        <source>predicting</source>
        <translation>正在预测</translation>
    </message>
    <message>
        <source>fine-tuning</source>
        <translation>正在微调</translation>
    </message>
    <message>
        <source>fine-tuning, epoch %1/%2</source>
        <translation>正在微调，第 %1/%2 轮</translation>
    </message>
    <message>
        <source>ranking channels</source>
        <translation>正在对通道排序</translation>
    </message>
    <message>
        <source>pruning</source>
        <translation>正在剪枝</translation>
    </message>
    <message>
        <source>pruning %1/%2</source>
        <translation>正在剪枝 %1/%2</translation>
    </message>
    <message>
        <source>fine-pruning %1/%2</source>
        <translation>正在精细剪枝 %1/%2</translation>
    </message>
    <message numerus="yes">
        <source>lr %1, %n channel(s)</source>
        <translation>
            <numerusform>lr %1，%n 个通道</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>re-creating the cell: %n channel(s)</source>
        <translation>
            <numerusform>正在重建单元格：%n 个通道</numerusform>
        </translation>
    </message>
    <message>
        <source>STRIP</source>
        <translation>STRIP</translation>
    </message>
    <message>
        <source>reading %1</source>
        <translation>正在读取 %1</translation>
    </message>
    <message>
        <source>reading images</source>
        <translation>正在读取图像</translation>
    </message>
    <message>
        <source>reading Fashion-MNIST</source>
        <translation>正在读取 Fashion-MNIST</translation>
    </message>
    <message>
        <source>writing the data files</source>
        <translation>正在写入数据文件</translation>
    </message>
    <message>
        <source>training model %1</source>
        <translation>正在训练模型 %1</translation>
    </message>
    <message>
        <source>training model %1, epoch %2/%3</source>
        <translation>正在训练模型 %1，第 %2/%3 轮</translation>
    </message>
    <message>
        <source>waiting for another process building the zoo</source>
        <translation>正在等待另一个进程构建模型库</translation>
    </message>
    <message>
        <source>zoo ready</source>
        <translation>模型库已就绪</translation>
    </message>
    <message>
        <source>activations of B&apos; on %1</source>
        <translation>B&apos; 在 %1 上的激活值</translation>
    </message>
    <message>
        <source>G(B, B&apos;)</source>
        <translation>G(B, B&apos;)</translation>
    </message>
    <message numerus="yes">
        <source>B0: fine-pruning %n channel(s)</source>
        <translation>
            <numerusform>B0：精细剪枝 %n 个通道</numerusform>
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
        <translation>B 的剪枝曲线</translation>
    </message>
    <message>
        <source>inspect: B</source>
        <translation>检查：B</translation>
    </message>
    <message>
        <source>building the demo zoo (%1; about 4 minutes on 2 cores)</source>
        <translation>正在构建演示模型库（%1；在 2 个核心上约需 4 分钟）</translation>
    </message>
    <message>
        <source>loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <source>detecting the input scale</source>
        <translation>正在检测输入缩放</translation>
    </message>
    <message>
        <source>restoring the saved results</source>
        <translation>正在恢复已保存的结果</translation>
    </message>
    <message>
        <source>STRIP detail</source>
        <translation>STRIP 详情</translation>
    </message>
    <message>
        <source>STRIP: %1 %2/%3</source>
        <translation>STRIP：%1 %2/%3</translation>
    </message>
    <message>
        <source>checking the saved weights</source>
        <translation>正在检查已保存的权重</translation>
    </message>
    <message>
        <source>loading B&apos; candidate #%1</source>
        <translation>正在加载 B&apos; 候选模型 #%1</translation>
    </message>
</context>
<context>
    <name>bdl::app::StripMath</name>
    <message>
        <source>normal fit (FRR %1 %)</source>
        <translation>正态拟合（FRR %1 %）</translation>
    </message>
    <message>
        <source>percentile (FRR %1 %)</source>
        <translation>百分位数（FRR %1 %）</translation>
    </message>
    <message>
        <source>equal error (oracle)</source>
        <translation>等错误率（oracle）</translation>
    </message>
</context>
<context>
    <name>bdl::app::StripResultView</name>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>normal fit</source>
        <translation>正态拟合</translation>
    </message>
    <message>
        <source>percentile</source>
        <translation>百分位数</translation>
    </message>
    <message>
        <source>equal error (oracle: uses poisoned data)</source>
        <translation>等错误率（预言机：使用了投毒数据）</translation>
    </message>
    <message>
        <source>Equal-width bins of the entropy histograms, shared by every set. Default: %1.</source>
        <translation>熵直方图的等宽分箱，所有数据集共用。默认：%1。</translation>
    </message>
    <message>
        <source>Bins</source>
        <translation>分箱</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入数</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>阈值</translation>
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
        <translation>被判定为含木马的干净输入（误拒）</translation>
    </message>
    <message>
        <source>Poisoned inputs not flagged (false acceptances)</source>
        <translation>未被标记的投毒输入（误收）</translation>
    </message>
    <message>
        <source>STRIP as a filter: clean inputs classified correctly and not flagged</source>
        <translation>将 STRIP 作为过滤器：分类正确且未被标记的干净输入</translation>
    </message>
    <message>
        <source>STRIP as a filter: poisoned inputs that reach the attack&apos;s target and are not flagged</source>
        <translation>将 STRIP 作为过滤器：达到攻击目标且未被标记的投毒输入</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1, FRR %2 %</source>
        <translation>%1，FRR %2 %</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>N = %1 superimpositions (%2 blend); threshold %3</source>
        <translation>N = %1 次叠加（%2 混合）；阈值 %3</translation>
    </message>
    <message>
        <source>poisoned set</source>
        <translation>投毒数据集</translation>
    </message>
    <message>
        <source>clean test set</source>
        <translation>干净测试集</translation>
    </message>
</context>
<context>
    <name>bdl::app::StripSettingsForm</name>
    <message>
        <source>STRIP settings</source>
        <translation>STRIP 设置</translation>
    </message>
    <message>
        <source>alpha blend</source>
        <translation>alpha 混合</translation>
    </message>
    <message>
        <source>additive (as in the STRIP paper)</source>
        <translation>加性叠加（同 STRIP 论文）</translation>
    </message>
    <message>
        <source>clean train set</source>
        <translation>干净训练集</translation>
    </message>
    <message>
        <source>clean test set</source>
        <translation>干净测试集</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Run STRIP</source>
        <translation>运行 STRIP</translation>
    </message>
    <message>
        <source>Superimpositions N</source>
        <translation>叠加次数 N</translation>
    </message>
    <message>
        <source>Blend</source>
        <translation>混合方式</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>Overlays from</source>
        <translation>叠加图像来源</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Inputs per set</source>
        <translation>每个数据集的输入数</translation>
    </message>
    <message>
        <source>Calibration inputs</source>
        <translation>校准输入数</translation>
    </message>
    <message>
        <source>Threshold rule</source>
        <translation>阈值规则</translation>
    </message>
    <message>
        <source>Target FRR</source>
        <translation>目标 FRR</translation>
    </message>
    <message>
        <source>normal fit at FRR</source>
        <translation>按 FRR 正态拟合</translation>
    </message>
    <message>
        <source>percentile at FRR</source>
        <translation>按 FRR 取百分位数</translation>
    </message>
    <message>
        <source>equal error (oracle: uses poisoned data)</source>
        <translation>等错误率（oracle：使用投毒数据）</translation>
    </message>
    <message>
        <source>Split the clean data automatically</source>
        <translation>自动划分干净数据</translation>
    </message>
    <message>
        <source>Superimpositions per input: each input is blended with N clean overlay images and scored by the mean entropy of B&apos;s predictions on the blends. Paper default: 100.</source>
        <translation>每个输入的叠加次数：每个输入与 N 张干净叠加图像混合，并以 B 在混合图像上预测的平均熵评分。论文默认值：100。</translation>
    </message>
    <message>
        <source>When one small clean set supplies both the overlays and the calibration inputs, use at most half of it as overlays (N is lowered) so that the threshold has calibration inputs. Untick to use N as given. Default: on.</source>
        <translation>当同一个较小的干净数据集同时提供叠加图像和校准输入时，最多将其一半用作叠加图像（N 会相应降低），以便为阈值保留校准输入。取消勾选则按给定的 N 使用。默认：开启。</translation>
    </message>
    <message>
        <source>How an input and an overlay are superimposed: alpha blend (alpha x input + (1 - alpha) x overlay) or the STRIP paper&apos;s addition (clipped to 0..255). Default: alpha blend at 0.5.</source>
        <translation>输入与叠加图像的叠加方式：alpha 混合（alpha x 输入 + (1 - alpha) x 叠加图像）或 STRIP 论文的加法（截断到 0..255）。默认：alpha 混合，alpha 为 0.5。</translation>
    </message>
    <message>
        <source>Weight of the input in the alpha blend; the overlay gets 1 - alpha. Default: 0.5.</source>
        <translation>alpha 混合中输入的权重；叠加图像的权重为 1 - alpha。默认：0.5。</translation>
    </message>
    <message>
        <source>The clean set the N overlay images are drawn from. Default: the clean train set (the paper draws them from the training data).</source>
        <translation>抽取 N 张叠加图像的干净数据集。默认：干净训练集（论文从训练数据中抽取）。</translation>
    </message>
    <message>
        <source>Seeds the draw of the overlays, the scored inputs and the calibration inputs: the same seed gives the same threshold in the app and the CLI. Default: 0.</source>
        <translation>用于抽取叠加图像、评分输入和校准输入的随机种子：相同的种子在应用和命令行中得到相同的阈值。默认：0。</translation>
    </message>
    <message>
        <source>Inputs scored per test set, drawn at random with the seed (0: all). Default: 1000 (the paper scored 3000 per set).</source>
        <translation>每个测试集评分的输入数，使用随机种子随机抽取（0：全部）。默认：1000（论文每个数据集评分 3000 个）。</translation>
    </message>
    <message>
        <source>Clean inputs from the train set that fix the threshold (never the clean test inputs, never an overlay). Default: 1000.</source>
        <translation>用于确定阈值的训练集干净输入（绝不使用干净测试输入，也绝不使用叠加图像）。默认：1000。</translation>
    </message>
    <message>
        <source>How the threshold is set: a normal fit or a percentile of the clean calibration entropies at the target FRR, or equal error (FRR = FAR), an oracle that looks at poisoned data. Default: normal fit.</source>
        <translation>阈值的设定方式：在目标 FRR 下对干净校准熵做正态拟合或取百分位数，或等错误率（FRR = FAR），后者是查看投毒数据的 oracle。默认：正态拟合。</translation>
    </message>
    <message>
        <source>Clean inputs the threshold may reject (false rejection rate). Paper default: 1 %.</source>
        <translation>阈值允许拒绝的干净输入比例（误拒率）。论文默认值：1 %。</translation>
    </message>
</context>
<context>
    <name>bdl::app::StripView</name>
    <message>
        <source>No STRIP run yet</source>
        <translation>尚未运行 STRIP</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Show the calibration set</source>
        <translation>显示校准集</translation>
    </message>
    <message>
        <source>Drag the line on the histogram to move the threshold</source>
        <translation>在直方图上拖动竖线以移动阈值</translation>
    </message>
    <message>
        <source>Reset to rule</source>
        <translation>重置为规则值</translation>
    </message>
    <message>
        <source>Bins</source>
        <translation>分箱数</translation>
    </message>
    <message>
        <source>Threshold:</source>
        <translation>阈值：</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>索引</translation>
    </message>
    <message>
        <source>Entropy (bits)</source>
        <translation>熵（比特）</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>已标记</translation>
    </message>
    <message>
        <source>Click a bar of the histogram to list its inputs.</source>
        <translation>点击直方图中的柱形以列出其中的输入。</translation>
    </message>
    <message>
        <source>Scoring...</source>
        <translation>正在评分...</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>manual: %1</source>
        <translation>手动：%1</translation>
    </message>
    <message>
        <source>normal fit, FRR %1 %: %2</source>
        <translation>正态拟合，FRR %1 %：%2</translation>
    </message>
    <message>
        <source>percentile, FRR %1 %: %2</source>
        <translation>百分位数，FRR %1 %：%2</translation>
    </message>
    <message>
        <source>equal error (oracle: uses poisoned data): %1</source>
        <translation>等错误率（oracle：使用投毒数据）：%1</translation>
    </message>
    <message>
        <source>STRIP: a job is running; run STRIP when it has finished</source>
        <translation>STRIP：有任务正在运行；请在其完成后再运行 STRIP</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
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
        <translation>阈值（比特）</translation>
    </message>
    <message>
        <source>FRR (clean test flagged)</source>
        <translation>FRR（被标记的干净测试输入）</translation>
    </message>
    <message>
        <source>Calibration FRR</source>
        <translation>校准 FRR</translation>
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
        <translation>此分箱中没有 %1 的输入。</translation>
    </message>
    <message numerus="yes">
        <source>%n input(s) of %1 in this bin; select one to see it under STRIP.</source>
        <translation>
            <numerusform>此分箱中有 %1 的 %n 个输入；选择其中一个以在 STRIP 下查看。</numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>The images can be shown when the STRIP run has finished.</source>
        <translation>STRIP 运行完成后才能显示图像。</translation>
    </message>
    <message>
        <source>A job is running: select the input again when it has finished.</source>
        <translation>有任务正在运行：请在其完成后重新选择该输入。</translation>
    </message>
    <message>
        <source>Loading %1 #%2...</source>
        <translation>正在加载 %1 #%2...</translation>
    </message>
    <message>
        <source>%1 (%2 %)
H = %3</source>
        <translation>%1（%2 %）
H = %3</translation>
    </message>
    <message>
        <source>blended with overlay #%1</source>
        <translation>与叠加图像 #%1 混合</translation>
    </message>
    <message>
        <source> · flagged as trojaned</source>
        <translation> · 判定为含木马</translation>
    </message>
    <message>
        <source> · passes</source>
        <translation> · 通过</translation>
    </message>
    <message>
        <source>N = %1 overlays from %2</source>
        <translation>N = %1 次叠加，叠加图像来自 %2</translation>
    </message>
    <message>
        <source>additive blend</source>
        <translation>加性叠加</translation>
    </message>
    <message>
        <source>alpha blend %1</source>
        <translation>alpha 混合 %1</translation>
    </message>
    <message>
        <source>%1 s%2</source>
        <translation>%1 秒%2</translation>
    </message>
    <message>
        <source> (first-convolution cache)</source>
        <translation>（首层卷积缓存）</translation>
    </message>
    <message>
        <source>The input: %1 #%2; H is its mean entropy over the run&apos;s N superimpositions</source>
        <translation>输入：%1 #%2；H 为其在本次运行 N 次叠加上的平均熵</translation>
    </message>
    <message>
        <source>True class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>The input&apos;s class without the trigger; ? where the data does not say</source>
        <translation>输入在不含触发器时的类别；数据未给出时显示 ?</translation>
    </message>
    <message>
        <source>The class a poisoned input&apos;s trigger aims at</source>
        <translation>投毒输入的触发器所指向的类别</translation>
    </message>
    <message>
        <source>STRIP could not run: %1</source>
        <translation>STRIP 无法运行：%1</translation>
    </message>
    <message>
        <source>%1 #%2: entropy %3 bits, predicted %4</source>
        <translation>%1 #%2：熵 %3 比特，预测为 %4</translation>
    </message>
    <message>
        <source>, true class %1, target %2</source>
        <translation>，真实类别 %1，目标 %2</translation>
    </message>
    <message>
        <source>, true class %1</source>
        <translation>，真实类别 %1</translation>
    </message>
    <message>
        <source>Equal-width bins of the entropy histograms, shared by every set. Default: %1.</source>
        <translation>熵直方图的等宽分箱数，所有数据集共用。默认：%1。</translation>
    </message>
    <message>
        <source>The clean inputs the threshold rule is fitted on. Default: hidden.</source>
        <translation>用于拟合阈值规则的干净输入。默认：隐藏。</translation>
    </message>
</context>
<context>
    <name>bdl::app::SweepView</name>
    <message>
        <source>Sweep settings</source>
        <translation>扫描设置</translation>
    </message>
    <message>
        <source>every k: 1 .. C</source>
        <translation>每个 k：1 .. C</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <source>Learning rates</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Channels pruned</source>
        <translation>剪枝通道数</translation>
    </message>
    <message>
        <source>Epochs per cell</source>
        <translation>每个单元格的训练轮数</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Click a cell to make its model B&apos;.</source>
        <translation>点击单元格，将其模型设为 B&apos;。</translation>
    </message>
    <message>
        <source>Best trade-off</source>
        <translation>最佳权衡</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>No sweep yet</source>
        <translation>尚无扫描结果</translation>
    </message>
    <message>
        <source>ASR limit</source>
        <translation>ASR 上限</translation>
    </message>
    <message>
        <source>ASR map shows</source>
        <translation>ASR 图显示</translation>
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
        <translation>最差的投毒数据集</translation>
    </message>
    <message>
        <source>No cell has ASR &lt;= %1
on every poisoned set</source>
        <translation>没有单元格在所有投毒数据集上
都满足 ASR &lt;= %1</translation>
    </message>
    <message>
        <source>Highest CCA with ASR &lt;= %1:</source>
        <translation>ASR &lt;= %1 时的最高 CCA：</translation>
    </message>
    <message>
        <source>lr %1, k = %2 channels pruned</source>
        <translation>lr %1，k = %2 个剪枝通道</translation>
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
        <translation>只有已完成扫描中的单元格才能成为 B&apos;（且不能在任务运行时）</translation>
    </message>
    <message>
        <source>Sweep: learning rates must be numbers in (0, 10] separated by commas</source>
        <translation>扫描：学习率必须是 (0, 10] 范围内的数，并以逗号分隔</translation>
    </message>
    <message>
        <source>Sweep: channels pruned must be increasing counts in 1..%1, e.g. 1-10, 20</source>
        <translation>扫描：剪枝通道数必须是 1..%1 范围内的递增计数，例如 1-10, 20</translation>
    </message>
    <message>
        <source>Show values</source>
        <translation>显示数值</translation>
    </message>
    <message>
        <source>B&apos;: this cell&apos;s model is the repaired model in use</source>
        <translation>B&apos;：此单元格的模型即当前使用的修复后模型</translation>
    </message>
    <message>
        <source>Learning rates of the grid (the heatmaps&apos; rows), separated by commas; each is swept from B. Paper default: 1e-2, 1e-3, 1e-4, 1e-5, 1e-6.</source>
        <translation>网格的学习率（热力图的行），以逗号分隔；每个学习率都从 B 开始扫描。论文默认值：1e-2, 1e-3, 1e-4, 1e-5, 1e-6。</translation>
    </message>
    <message>
        <source>Channels pruned (the heatmaps&apos; columns): e.g. 1-10, 12, 20-60:10. Default: empty, every k from 1 to C, as in the paper&apos;s heatmaps.</source>
        <translation>剪枝通道数（热力图的列）：例如 1-10, 12, 20-60:10。默认：留空，即从 1 到 C 的每个 k，同论文热力图。</translation>
    </message>
    <message>
        <source>Fine-tuning epochs after each pruned step; a cell continues from the previous cell of its learning rate. Paper: 10; default here: 1, so that the whole grid runs in minutes.</source>
        <translation>每个剪枝步骤后的微调训练轮数；每个单元格从同一学习率的前一个单元格继续。论文：10；此处默认 1，使整个网格在几分钟内完成。</translation>
    </message>
    <message>
        <source>Images per Adam step while fine-tuning. Paper default: 32.</source>
        <translation>微调时每个 Adam 步骤的图像数。论文默认值：32。</translation>
    </message>
    <message>
        <source>The best trade-off is the cell with the highest CCA whose ASR (on the worst poisoned set) is at most this. Default: 10 %.</source>
        <translation>最佳权衡是 ASR（在最差的投毒数据集上）不超过此值且 CCA 最高的单元格。默认：10 %。</translation>
    </message>
    <message>
        <source>The poisoned set whose ASR the ASR heatmap shows. Default: the worst poisoned set (the highest ASR of each cell).</source>
        <translation>ASR 热力图所显示 ASR 的投毒数据集。默认：最差的投毒数据集（每个单元格的最高 ASR）。</translation>
    </message>
    <message>
        <source>Write each cell&apos;s number on the heatmaps. Default: off.</source>
        <translation>在热力图上标出每个单元格的数值。默认：关闭。</translation>
    </message>
</context>
<context>
    <name>bdl::app::TuneForm</name>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Off (the default): batch-norm layers keep the model&apos;s moving statistics while fine-tuning on the small clean set; only their scale and shift learn.</source>
        <translation>关闭（默认）：在小型干净数据集上微调时，批归一化层保留模型的滑动统计量；只学习其缩放和偏移。</translation>
    </message>
    <message>
        <source>update BN</source>
        <translation>更新 BN</translation>
    </message>
    <message>
        <source>Learning rate of the Adam optimiser used for fine-tuning, e.g. 1e-3 or 0.001; lower rates keep B&apos; closer to B. Paper default: 1e-3.</source>
        <translation>微调所用 Adam 优化器的学习率，例如 1e-3 或 0.001；较低的学习率使 B&apos; 更接近 B。论文默认值：1e-3。</translation>
    </message>
    <message>
        <source>Passes over the clean train set in each fine-tuning (the paper&apos;s protocol fine-tunes after every pruned channel). Paper default: 10.</source>
        <translation>每次微调遍历干净训练集的轮数（论文方案在每剪掉一个通道后都进行微调）。论文默认值：10。</translation>
    </message>
    <message>
        <source>Images per Adam step while fine-tuning. Paper default: 32.</source>
        <translation>微调时每个 Adam 步骤的图像数。论文默认值：32。</translation>
    </message>
</context>
<context>
    <name>bdl::app::Worker</name>
    <message>
        <source>unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message numerus="yes">
        <source>pruned %n channel(s) of %1</source>
        <translation>
            <numerusform>已剪枝 %1 的 %n 个通道</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>fine-tuned %n epoch(s) at lr %1</source>
        <translation>
            <numerusform>以 lr %1 微调 %n 轮</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>B&apos; description: &quot;pruned 3 channel(s) of pool_3&quot; and &quot;fine-tuned 1 epoch(s) at lr 0.001&quot;</extracomment>
        <translation>%1，%2</translation>
    </message>
</context>
<context>
    <name>bdl::app::WorkspacePanel</name>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Model under test (B)</source>
        <translation>待测模型（B）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>none open</source>
        <translation>未打开</translation>
    </message>
    <message>
        <source>Repaired model (B&apos;)</source>
        <translation>修复后的模型（B&apos;）</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Demo zoo</source>
        <translation>演示模型库</translation>
    </message>
    <message>
        <source>Model &apos;%1&apos; of the demo zoo in %2</source>
        <translation>演示模型库中的模型“%1”，位于 %2</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Input, classes</source>
        <translation>输入，类别</translation>
    </message>
    <message>
        <source>%1 x %2 x %3, %4 classes</source>
        <translation>%1 x %2 x %3，%4 个类别</translation>
    </message>
    <message>
        <source>Pruned layer</source>
        <translation>剪枝层</translation>
    </message>
    <message>
        <source>%1, %2 channels</source>
        <translation>%1，%2 个通道</translation>
    </message>
    <message>
        <source>Input scale</source>
        <translation>输入缩放</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>当前使用</translation>
    </message>
    <message>
        <source>Auto-detected</source>
        <translation>自动检测结果</translation>
    </message>
    <message>
        <source>The scale with the better clean accuracy</source>
        <translation>干净准确率更高的缩放方式</translation>
    </message>
    <message>
        <source>Sample CCA, 1/255</source>
        <translation>样本 CCA，1/255</translation>
    </message>
    <message>
        <source>Clean accuracy with pixels / 255, on a sample of the clean test set</source>
        <translation>使用像素 / 255 时在干净测试集样本上的干净准确率</translation>
    </message>
    <message>
        <source>Sample CCA, raw</source>
        <translation>样本 CCA，原始值</translation>
    </message>
    <message>
        <source>Clean accuracy with raw pixels 0..255, on a sample of the clean test set</source>
        <translation>使用原始像素值 0..255 时在干净测试集样本上的干净准确率</translation>
    </message>
    <message>
        <source>Data sets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Clean test (CCA)</source>
        <translation>干净测试集（CCA）</translation>
    </message>
    <message>
        <source>Clean (rank, tune)</source>
        <translation>干净数据（排序、微调）</translation>
    </message>
    <message>
        <source>Poisoned (ASR)</source>
        <translation>投毒数据集（ASR）</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>B&apos;</source>
        <translation>B&apos;</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>Fine-tune at k, run a protocol, or click a cell of a finished sweep</source>
        <translation>在 k 处微调、运行某个方案，或点击已完成扫描中的单元格</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>生成方式</translation>
    </message>
    <message>
        <source>How</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Channels pruned</source>
        <translation>剪枝通道数</translation>
    </message>
    <message>
        <source>%1 -&gt; %2</source>
        <translation>%1 -&gt; %2</translation>
    </message>
    <message>
        <source>B %1, pruned only %2, B&apos; %3</source>
        <translation>B %1，仅剪枝 %2，B&apos; %3</translation>
    </message>
    <message>
        <source>B %1, B&apos; %2</source>
        <translation>B %1，B&apos; %2</translation>
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
        <translation>⚠ 样本内：未提供训练集，因此排序和微调使用干净测试集，曲线和 B&apos; 的 CCA 是在据以选出它们的同一批图像上测量的。如需样本外结果，请使用训练集或留出部分数据重新打开（文件 &gt; 打开）。</translation>
    </message>
    <message>
        <source>Clean test set: %1</source>
        <translation>干净测试集：%1</translation>
    </message>
    <message>
        <source>the clean test set (no train set given): in-sample</source>
        <translation>干净测试集（未提供训练集）：样本内</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>held out %1 % as train: %2 train, %3 clean test (seed %4)</source>
        <translation>留出 %1 % 作为训练集：训练 %2 张，干净测试 %3 张（随机种子 %4）</translation>
    </message>
    <message>
        <source>A seeded %1 % of the clean data (%2 images) ranks and fine-tunes; CCA is measured on the other %3 images</source>
        <translation>从干净数据（%2 张图像）中按随机种子抽取 %1 % 用于排序和微调；CCA 在其余 %3 张图像上测量</translation>
    </message>
    <message numerus="yes">
        <source>none: the %n clean test image(s) are also the train set (in-sample)</source>
        <translation>
            <numerusform>无：%n 张干净测试图像同时用作训练集（样本内）</numerusform>
        </translation>
    </message>
    <message>
        <source>separate train set: %1 train, %2 clean test</source>
        <translation>独立训练集：训练 %1 张，干净测试 %2 张</translation>
    </message>
    <message>
        <source>CCA (in-sample)</source>
        <translation>CCA（样本内）</translation>
    </message>
    <message>
        <source>in-sample: fine-tuned on the clean test set its CCA is measured on</source>
        <translation>样本内：在用于测量其 CCA 的干净测试集上微调</translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Per-channel input normalization after the scale</source>
        <translation>缩放后按通道的输入归一化</translation>
    </message>
    <message>
        <source>Where channels are ranked and masked; choose another convolution to reopen the workspace pruning it</source>
        <translation>通道在此排序并屏蔽；选择另一个卷积，以剪枝该卷积重新打开工作区</translation>
    </message>
    <message>
        <source>%1 (%2 channels)</source>
        <translation>%1（%2 个通道）</translation>
    </message>
    <message>
        <source>%1 → %2 (%3 channels)</source>
        <translation>%1 → %2（%3 个通道）</translation>
    </message>
    <message>
        <source>The layer whose channels are ranked and pruned; choosing another reopens the workspace pruning it. Default: the last convolution.</source>
        <translation>对其通道排序并剪枝的层；选择其他层会重新打开工作区并对该层剪枝。默认：最后一个卷积层。</translation>
    </message>
    <message>
        <source>Inference</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>bfloat16 (checked)</source>
        <translation>bfloat16（已校验）</translation>
    </message>
    <message>
        <source>float32 (bfloat16 refused)</source>
        <translation>float32（已拒绝 bfloat16）</translation>
    </message>
    <message>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <source>The number format of B&apos;s forward passes; Open asks for bfloat16</source>
        <translation>B 前向计算的数值格式；在“打开”对话框中可选择 bfloat16</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::ChannelBarsPlot</name>
    <message>
        <source>channel id, in pruning order (lowest clean activation first)</source>
        <translation>通道 ID，按剪枝顺序排列（干净激活值最低者在前）</translation>
    </message>
    <message>
        <source>mean activation</source>
        <translation>平均激活值</translation>
    </message>
    <message>
        <source>clean</source>
        <translation>干净</translation>
    </message>
    <message>
        <source>poisoned</source>
        <translation>投毒</translation>
    </message>
    <message>
        <source>clean, pruned</source>
        <translation>干净，已剪枝</translation>
    </message>
    <message>
        <source>poisoned, pruned</source>
        <translation>投毒，已剪枝</translation>
    </message>
    <message>
        <source>%1 pruned</source>
        <translation>已剪枝 %1 个</translation>
    </message>
    <message>
        <source>channel %1 (rank %2 of %3)</source>
        <translation>通道 %1（第 %2 位，共 %3 个）</translation>
    </message>
    <message>
        <source>clean mean %1</source>
        <translation>干净均值 %1</translation>
    </message>
    <message>
        <source>poisoned mean %1</source>
        <translation>投毒均值 %1</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>保留</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::DefenseBarsPlot</name>
    <message>
        <source>not measured</source>
        <translation>未测量</translation>
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
        <translation>已标记</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 not measured</source>
        <translation>%1 未测量</translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1：%2 %3</translation>
    </message>
    <message>
        <source>%1: %2 not measured</source>
        <translation>%1：%2 未测量</translation>
    </message>
    <message>
        <source>CCA (%)</source>
        <translation>CCA（%）</translation>
    </message>
    <message>
        <source>ASR (%)</source>
        <translation>ASR（%）</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::EntropyHistogramPlot</name>
    <message>
        <source>entropy (bits)</source>
        <translation>熵（比特）</translation>
    </message>
    <message>
        <source>% of set</source>
        <translation>占数据集的 %</translation>
    </message>
    <message>
        <source>threshold %1</source>
        <translation>阈值 %1</translation>
    </message>
    <message>
        <source>entropy %1 bits (bin %2 of %3)</source>
        <translation>熵 %1 比特（第 %2 个分箱，共 %3 个）</translation>
    </message>
    <message>
        <source>%1 of %2 inputs</source>
        <translation>%2 个输入中的 %1 个</translation>
    </message>
    <message>
        <source>threshold %1 bits: entropy below it is flagged as trojaned
%2</source>
        <translation>阈值 %1 比特：熵低于该值的输入判定为含木马
%2</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::FeatureMapGrid</name>
    <message>
        <source>mean activation</source>
        <translation>平均激活值</translation>
    </message>
    <message>
        <source>channel = row + column</source>
        <translation>通道 = 行 + 列</translation>
    </message>
    <message>
        <source>before, clean</source>
        <translation>剪枝前，干净</translation>
    </message>
    <message>
        <source>before, poisoned</source>
        <translation>剪枝前，投毒</translation>
    </message>
    <message>
        <source>after, clean</source>
        <translation>剪枝后，干净</translation>
    </message>
    <message>
        <source>after, poisoned</source>
        <translation>剪枝后，投毒</translation>
    </message>
    <message>
        <source>%1: no data</source>
        <translation>%1：无数据</translation>
    </message>
    <message>
        <source>channel %1 (pruned)</source>
        <translation>通道 %1（已剪枝）</translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation>通道 %1</translation>
    </message>
    <message>
        <source>row %1, column %2</source>
        <translation>第 %1 行，第 %2 列</translation>
    </message>
    <message>
        <source>mean activation %1</source>
        <translation>平均激活值 %1</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::HeatmapPlot</name>
    <message>
        <source>channels pruned</source>
        <translation>剪枝通道数</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>%1 (%)</source>
        <translation>%1（%）</translation>
    </message>
    <message>
        <source>learning rate %1</source>
        <translation>学习率 %1</translation>
    </message>
    <message>
        <source>channels pruned: %1</source>
        <translation>剪枝通道数：%1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 not computed yet</source>
        <translation>%1 尚未计算</translation>
    </message>
    <message>
        <source>best trade-off</source>
        <translation>最佳权衡</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::PlotExport</name>
    <message>
        <source>Cannot export %1: unsupported format &quot;%2&quot; (use .png, .pdf or .svg)</source>
        <translation>无法导出 %1：不支持的格式 &quot;%2&quot;（请使用 .png、.pdf 或 .svg）</translation>
    </message>
    <message>
        <source>Cannot export %1: there is no plot</source>
        <translation>无法导出 %1：没有图表</translation>
    </message>
    <message>
        <source>Cannot export %1: rendering the plot produced no data</source>
        <translation>无法导出 %1：渲染图表未生成任何数据</translation>
    </message>
    <message>
        <source>Cannot write the file: no file name given</source>
        <translation>无法写入文件：未提供文件名</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::PlotStyle</name>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
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
        <translation>剪枝通道数</translation>
    </message>
    <message>
        <source>channels pruned (% of the layer)</source>
        <translation>剪枝通道数（占该层的 %）</translation>
    </message>
    <message>
        <source>accuracy / attack success (%)</source>
        <translation>准确率 / 攻击成功率（%）</translation>
    </message>
    <message>
        <source>clean accuracy (CCA)</source>
        <translation>干净准确率（CCA）</translation>
    </message>
    <message>
        <source>attack success (ASR), %1</source>
        <translation>攻击成功率（ASR），%1</translation>
    </message>
    <message>
        <source>%1 of %2 channels pruned (%3)</source>
        <translation>已剪枝 %2 个通道中的 %1 个（%3）</translation>
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
        <translation>已剪枝 %2 个通道中的 %1 个（%3）：尚无结果</translation>
    </message>
</context>
<context>
    <name>bdl::widgets::RocPlot</name>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>%1 (AUROC %2)</source>
        <translation>%1（AUROC %2）</translation>
    </message>
    <message>
        <source>%1 at the threshold
FRR %2
detection %3</source>
        <translation>%1 在阈值处
FRR %2
检出率 %3</translation>
    </message>
    <message>
        <source>%1
FRR %2
detection %3</source>
        <translation>%1
FRR %2
检出率 %3</translation>
    </message>
    <message>
        <source>FRR (% of clean flagged)</source>
        <translation>FRR（被标记的干净输入 %）</translation>
    </message>
    <message>
        <source>detected (% of poisoned)</source>
        <translation>检出（被标记的投毒输入 %）</translation>
    </message>
</context>
</TS>
