//! Simplified Chinese titles and statements of the rule catalogue, by rule id.
//!
//! Kept beside the English table so that a rule and its translation change together; a test
//! in `rules` checks that every rule has both, and that nothing here names an unknown rule.

/// (rule id, title, statement).
static TEXTS: &[(&str, &str, &str)] = &[
    ("A0", "未写命名空间的对象使用上下文的命名空间", "对象没有写命名空间时，放进集群上下文的命名空间，和 kubectl 使用当前 kubeconfig 上下文的命名空间一样。这是 podenv 替 kubectl 做的事，kubelet 上游没有对应代码。"),
    ("A1", "Service 的默认值", "任何组件读取 Service 之前，API 服务器会先补上默认值：端口协议为 TCP，targetPort 等于端口号，类型为 ClusterIP，sessionAffinity 为 None。"),
    ("A2", "enableServiceLinks 与 dnsPolicy 的默认值", "Pod 没有设置 enableServiceLinks 时取 true，没有设置 dnsPolicy 时取 ClusterFirst。前者只作用于 Pod，不作用于 Pod 模板，因此 kubelet 拿到的 Pod 总是有值。"),
    ("A3", "请求值从上限复制", "对每个容器和 init 容器，只写了上限（limit）没写请求（request）的资源，请求值设为上限值。所以 requests.* 的 resourceFieldRef 常常显示的是上限。"),
    ("A4", "fieldRef 的 apiVersion 默认为 v1", "没有写 apiVersion 的 fieldRef 取 v1；kubelet 不接受其他版本。"),
    ("A5", "从 Service 网段分配集群 IP", "需要集群 IP 却没有指定的 Service，会从 service CIDR 分到一个地址；双栈 Service 每个地址族各分一个，网段的第一个地址属于 kubernetes Service。真实集群随机挑选，podenv 按确定的方式挑选并注明；网段用尽时 API 服务器拒绝创建该 Service。这是 podenv 对 API 服务器 IP 分配器的模拟，其代码未在本目录核对行号。"),
    ("A6", "默认的服务账号", "没有指定服务账号的 Pod 以所在命名空间的 `default` 账号运行，由 ServiceAccount 准入插件在创建 Pod 时填入。podenv 同样处理。"),
    ("A7", "资源数量向上取整到千分位", "默认化时，requests 和 limits 里的每个资源数量都向上取整到千分之一个单位，并且发生在请求值从上限复制（A3）之前。只有比千分位还细的数量才会受影响。"),
    ("A8", "Secret 的 stringData 合并进 data", "保存 Secret 时，stringData 的每个键都写入 data，同名时覆盖 data 中的值。podenv 在任何引用读取该 Secret 之前做同样的合并。上游是在把 v1 Secret 转换为内部类型时完成这一步的。"),
    ("A9", "调度与 Pod 的 uid", "没有 nodeName 的 Pod 被放到上下文中的节点上，相当于调度器的决定；没有 uid 的 Pod 得到一个稳定的替代 uid（在上下文中设置 podUID 可改用你的值）。两者都是 podenv 对调度器和 API 服务器的替代，没有可链接的上游代码。"),
    ("A10", "控制器按模板创建 Pod", "Deployment、ReplicaSet、StatefulSet、DaemonSet、Job、CronJob 或 PodTemplate 会被换成其控制器将创建的 Pod：名称中的随机后缀用替代值表示（StatefulSet 取序号 0，并设置 hostname 和 subdomain），并加上 pod-template-hash 等标签。这是 podenv 对控制器的模拟，没有核对上游行号。"),
    ("A11", "假定存在的对象", "在上下文中设置 assumeMissingObjects 后，Pod 引用但输入中没有的 ConfigMap 或 Secret（由 kustomize 或 Helm 生成，或在运行时创建）被当作存在，并逐一列为假设。从中读取的键显示为占位值，因为其值只有在集群中才知道；对它的 envFrom 会加入 podenv 无法知道的键，因此不显示任何键。未设置时按 kubelet 的行为处理：必需的引用会使容器失败。这是 podenv 自己的替代做法，没有可链接的上游代码。"),
    ("S1", "只有带集群 IP 的 Service 才产生变量", "集群 IP 为空或为 None 的 Service 不产生任何变量，因此 headless 和 ExternalName 类型的 Service 从不出现在环境变量里。"),
    ("S2", "变量前缀", "前缀是 Service 名称转成大写、并把每个 '-' 换成 '_'，其余不变。端口名以同样方式变成后缀。"),
    ("S3", "一个 Service 的变量及其顺序", "每个 Service 依次产生 NAME_SERVICE_HOST（集群 IP）、NAME_SERVICE_PORT（第一个端口）、按列表顺序为每个有名称的端口产生 NAME_SERVICE_PORT_<端口名>，然后是 Docker 链接变量（S5）。"),
    ("S4", "无名端口没有带名称的变量", "没有名称的端口不会产生 NAME_SERVICE_PORT_<端口名> 变量。Service 一旦有两个端口，校验就要求每个端口都有名称，所以实际上只有单端口 Service 会有无名端口。"),
    ("S5", "Docker 链接变量", "NAME_PORT 是第一个端口，形如 协议://地址:端口。每个端口再产生同样 URL 形式的 NAME_PORT_<端口>_<协议>，以及 _PROTO（小写协议）、_PORT（端口号）和 _ADDR（集群 IP）。URL 形式中 IPv6 地址加方括号；_ADDR 和 NAME_SERVICE_HOST 不加。"),
    ("S6", "协议的写法", "协议按原样使用（为空时取 TCP）：在 URL 和 _PROTO 中为小写，在变量名中为大写，因此 TCP、UDP、SCTP 分别写作 tcp、udp、sctp。"),
    ("S7", "一个 Service 产生多少变量", "有 n 个端口、其中 k 个有名称的 Service 产生 2 + k + 1 + 4n 个变量：主机和第一个端口、每个有名端口一个、第一个端口的 URL，以及每个端口四个。"),
    ("S8", "变量不关心的字段", "targetPort、nodePort、appProtocol、选择器和 Service 类型都不起作用：NodePort 和 LoadBalancer 类型的 Service 与端口相同的 ClusterIP Service 产生完全相同的变量。"),
    ("S9", "双栈 Service 只体现一个地址族", "只使用主地址 spec.clusterIP；没有任何变量会暴露双栈 Service 的第二个集群 IP。"),
    ("S10", "自 v1.7 起 IPv6 加方括号", "自 v1.7 起，kubelet 在 URL 形式的变量中给 IPv6 集群 IP 加方括号；更早的版本即使是 IPv6 也写成 协议://IP:端口，能读到的 envvars.go 副本仍是这种写法。"),
    ("V1", "没有 API 服务器就没有 Service 变量", "没有 Service 列表器（独立运行、没有 API 服务器）的 kubelet 不生成任何 Service 变量，连 KUBERNETES_* 也没有。"),
    ("V2", "本命名空间，加上 default/kubernetes", "enableServiceLinks 为 true 时，容器能看到本命名空间的 Service；default 命名空间的 kubernetes Service 则总能看到。开启 Service 链接时，Pod 所在命名空间里名为 kubernetes 的 Service 会顶替默认的那个。"),
    ("V3", "名称冲突时由 Go map 顺序决定", "选中的 Service 按 Go map 的顺序遍历，这个顺序每次运行都可能不同，它们的变量写进同一个名称到值的映射；两个 Service 产生同名变量时，后处理的那个胜出，因此取值不可预测。"),
    ("V4", "在容器启动时计算", "每次容器启动时都会重新构建环境变量。之后新建或修改的 Service 只有在重启后才会出现，修改它们也不会触发重启。"),
    ("V5", "等到 Service 至少列出一次", "来自 API 服务器的 Pod 要等 kubelet 至少列出过一次 Service 才能启动；静态 Pod 不等待，kubelet 重启后可能在没有 KUBERNETES_* 的情况下启动。"),
    ("E1", "顺序：Service、envFrom、env", "kubelet 先取 Service 变量，再按顺序处理每个 envFrom 来源，最后按顺序处理每个 env 条目；同名时后定义的替换先定义的。"),
    ("E2", "enableServiceLinks 必须有值", "如果 kubelet 构建环境时 enableServiceLinks 没有值，容器会失败。由于 API 默认化（A2），只有绕过默认化时才会发生。"),
    ("E3", "envFrom 复制所有键", "envFrom 复制 ConfigMap 或 Secret 的 data 中的每个键，并在前面加上前缀；同名时后面的来源胜出。键不做过滤，binaryData 从不读取，值也从不展开。缺失的来源只有在标记为 optional 时才会被跳过。"),
    ("E4", "env 的值会被展开", "非空的 value 会被展开（$(NAME)，见 X1-X3）；否则解析 valueFrom，其结果从不展开；两者都没有的条目把变量设为空字符串。结果会替换该名称之前的任何定义。"),
    ("E5", "fieldRef 与 resourceFieldRef", "fieldRef 读取运行中 Pod 的字段，resourceFieldRef 读取某个容器的资源（即 Downward API，见 F 和 R 规则）；任何一个出错都会让容器无法启动。"),
    ("E6", "configMapKeyRef", "configMapKeyRef 读取 ConfigMap 的 data 中的一个键。ConfigMap 或键缺失时容器无法启动，除非该引用是 optional；optional 的缺失会保留该名称之前的值。"),
    ("E7", "secretKeyRef", "secretKeyRef 读取 Secret 的 data 中的一个键，规则与 configMapKeyRef 相同：缺失时容器无法启动，除非是 optional；optional 的缺失保留之前的值。"),
    ("E8", "fileKeyRef", "开启 EnvFiles 特性门控时，fileKeyRef 在容器启动时从已挂载的 Pod 卷中的 env 文件读取一个键。文件无法读取或解析时总是失败；键缺失或值为空时，只有 optional 才会跳过。"),
    ("X1", "$(VAR) 语法", "$(NAME) 会被替换，NAME 一直到第一个 ')' 为止；$$ 表示一个字面的 $；后面没有 ')' 的 $( 原样保留；$ 后跟其他字符或位于末尾时也原样保留。反斜杠没有特殊含义。"),
    ("X2", "未知名称保留，不做第二遍", "名称依次在各个映射中查找，第一个命中的胜出；找不到的名称保留为 $(NAME)。替换后的内容不会再扫描，所以本身含有 $(X) 的值保持字面。"),
    ("X3", "env 的值能看到什么", "env 的值能看到 envFrom 的键、它上面的 env 条目以及 Service 变量，永远看不到下面的条目。X=$(X) 看到的是 X 之前的值。"),
    ("X4", "command 与 args", "command 和 args 用最终的环境变量展开，包括 Service 变量和设备插件的变量；未知名称保持字面。"),
    ("X5", "subPathExpr", "subPathExpr 用最终的环境变量展开，但引用的名称缺失或为空时会报错，容器无法启动。"),
    ("X6", "$ 之后按 UTF-8 读取", "$ 之后的字符按一个 UTF-8 字符读取，所以紧跟在 $ 后面的多字节字符保持完整（较早的按字节处理的展开器可能把它拆开）。"),
    ("X-ENV", "env 文件格式", "在 fileKeyRef 读取的 env 文件中，忽略行首空白，跳过空行和以 # 开头的行，每行是 NAME=VALUE，= 两侧和行尾的空白会被去掉；没有引号处理。行尾的反斜杠把下一行以一个空格接上。没有 = 或名称为空的行是错误，第一个包含该键的行胜出。"),
    ("F1", "fieldRef 的 apiVersion 与旧路径", "fieldRef 的 apiVersion 必须是 v1，旧路径 spec.host 按 spec.nodeName 读取。"),
    ("F2", "env 可以读取哪些字段", "env 可以读取 metadata.name、metadata.namespace、metadata.uid、metadata.labels['k']、metadata.annotations['k']、spec.nodeName、spec.serviceAccountName、status.hostIP(s) 和 status.podIP(s)。整个标签或注解映射，以及 status.podIPs[0] 这样的下标形式都会被拒绝；标签键必须是合格名称，注解键转成小写后也必须是。"),
    ("F3", "字段的值", "名称、uid、节点和服务账号按原样复制；缺失的标签或注解键得到空字符串。Pod IP 按节点的地址族优先排序，每个地址族至多一个，用 ',' 连接；status.podIP 是其中第一个。"),
    ("F3a", "主机 IP 来自 Node", "status.hostIP 是 Node 的第一个 InternalIP，没有时取第一个 ExternalIP；status.hostIPs 再加上另一地址族的第一个地址。两类地址都没有时，容器以 'host IP unknown' 失败。能读到的 node.go 副本只有单地址的 GetNodeHostIP，双栈的 GetNodeHostIPs 未能读取。"),
    ("F4", "IP 字段何时出现", "status.podIPs 随双栈在 v1.17 可以在 env 中读取；status.hostIPs 随 PodHostIPs 出现（v1.28 alpha，v1.29 beta，v1.30 GA），在 GA 之前，除非开启该门控，API 会拒绝它。"),
    ("R1", "可以读取哪些资源", "cpu、memory、ephemeral-storage 的 limits 和 requests，以及任意 hugepages-* 的 limit 或 request。"),
    ("R2", "除数", "除数决定缩放：cpu 用 1m 或 1；memory、ephemeral-storage 和 hugepages 用 1、1k、1M……或 1Ki、1Mi……。未设置除数时为 1；校验时把除数的规范字符串与这些列表比较。"),
    ("R3", "总是向上取整", "值等于数量除以除数，向上取整为整数，不带单位输出：默认除数下 250m 的 cpu 得到 1。"),
    ("R4", "没有上限时按节点可分配量读取", "cpu、memory 或 ephemeral-storage 的上限缺失或为零时，按节点的 allocatable 读取（hugepages 从不如此）；kubelet 不会补请求值。"),
    ("R5", "containerName", "containerName 为空表示当前容器；否则先在普通容器中查找该名称，再在 init 容器中查找。"),
    ("R6", "需要 Node 对象", "kubelet 拿不到自己的 Node 时，resourceFieldRef 会让容器失败，即使所有上限都已设置。"),
    ("O1", "设备插件的变量排在最前", "容器管理器的变量（设备插件、DRA）排在最前，然后追加 kubelet 的列表。"),
    ("O2", "用户的值胜出；顺序随机", "列表先是所有 env 和 envFrom 变量，再是名称尚未被占用的 Service 变量。所以你自己的值会胜过同名的 Service 变量，而且顺序每次运行都可能不同。"),
    ("O3", "原样复制到 CRI", "generateContainerConfig 把列表原样复制到 CRI 的 envs 字段：不排序，不去重。"),
    ("O4", "运行时额外添加的内容", "在 kubelet 之外，containerd 会加上 HOSTNAME，镜像的 ENV 条目作为默认值、会被容器的列表覆盖。未对照 containerd 源码核实，没有链接。"),
    ("O5", "podenv 如何展示列表", "podenv 按名称排序展示 kubelet 的列表（与上游测试的比较方式一致），标明每个变量的来源，并说明真实顺序是随机的。这是 podenv 自己的展示方式，没有上游代码。"),
    ("O6", "exec 能接受什么", "在运行时之后，Linux 把环境变量和参数复制进新进程：每个 NAME=value 字符串或参数（连同结尾的 NUL）最多 131,072 字节（MAX_ARG_STRLEN），否则 exec 以 E2BIG 失败，容器永远无法启动；它们连同指针的总量应不超过栈限制的四分之一（通常 8 MiB 时为 2 MiB）。成千上万个 Service 会触及第二个限制。这是 Linux 而非 Kubernetes 的行为：include/uapi/linux/binfmts.h 与 fs/exec.c；未固定链接。"),
    ("ERR1", "CreateContainerConfigError", "任何一个变量无法构建时，容器都不会启动：产生 Warning 事件 'Failed'，内容为 'Error: <消息>'，状态为 CreateContainerConfigError，并以退避方式重试，直到缺失的对象出现。"),
    ("ERR2", "kubelet 的错误消息", "消息会指出缺少什么：configmap \"NAME\" not found、secret \"NAME\" not found、couldn't find key KEY in ConfigMap NS/NAME（或 Secret），以及 E2、V5、E8 和 X5 的消息。"),
    ("ERR3", "哪些不算错误", "optional 引用的缺失、未知的 $(NAME) 引用（按字面保留）以及空值都不是错误。"),
    ("ERR4", "v1.30 之前会丢弃 envFrom 的键", "v1.6 到 v1.29 的 kubelet 会丢弃不是合法变量名的 envFrom 键，并为每个来源发出一条 InvalidEnvironmentVariableNames 事件；Pod 仍会启动。仅为历史，现在的代码没有这种过滤。"),
    ("VAL1", "严格的变量名", "严格的变量名以字母、'_'、'-' 或 '.' 开头，后面是这些字符或数字，并且不能是 '.'、'..'，也不能以 '..' 开头。"),
    ("VAL2", "宽松的变量名", "宽松的变量名是任意非空的、由除 '=' 以外的可打印 ASCII 字符组成的字符串；允许空格。"),
    ("VAL3", "采用哪条命名规则", "RelaxedEnvironmentVariableValidation 特性门控（v1.30 alpha，v1.32 beta，v1.34 GA）让 env 名称和 envFrom 前缀采用宽松规则；在此之前采用严格规则。"),
    ("VAL4", "env 条目", "env 名称不能为空；非空的 value 与 valueFrom 互斥；valueFrom 必须恰好指定一个来源。"),
    ("VAL5", "重复的名称只是警告", "允许两个 env 条目同名；API 只会警告后一个遮盖了前一个。如果后一个是普通值，并且在 $(NAME) 之外还有别的内容（如 X=$(X)123），则不警告；使用 valueFrom、值恰好为 $(NAME)、或值中不含 $(NAME)，都会警告。"),
    ("VAL6", "键引用", "ConfigMap 或 Secret 的名称必须是 DNS 子域名；键只能由字母、数字、'-'、'_' 和 '.' 组成，最长 253 个字符，且不能是 '.'、'..' 或以 '..' 开头。"),
    ("VAL7", "Service 名称", "Service 名称是 DNS-1035 标签：小写字母、数字和 '-'，以字母开头，最长 63 个字符。"),
    ("VAL8", "Service 端口", "除 headless 和 ExternalName 外，Service 必须有端口；多于一个端口时，每个端口都需要唯一的 DNS-1123 标签名称（允许全为数字）；端口号为 1-65535；协议为 TCP、UDP 或 SCTP；（协议，端口）组合必须唯一。validation.go 中的端口检查未核对行号，这里链接的是命名规则。"),
    ("VAL9", "容器端口名称", "容器端口名称最多 15 个字符，只含 a-z、0-9 和 '-'，至少有一个字母，不含 '--'，首尾不能是 '-'。"),
    ("VAL10", "ExternalName 与 headless 的规则", "externalName 必须是 DNS 子域名（允许一个结尾的点）；ExternalName Service 不能设置 clusterIPs 或 IP 地址族；NodePort 和 LoadBalancer Service 不能是 headless。validation.go 中的 Service 检查未核对行号，这里链接的是子域名规则。"),
    ("VAL11", "Pod 的 DNS 配置", "dnsPolicy 为 None 时需要 dnsConfig 且至少有一个 nameserver；nameserver 最多 3 个，每个都是 IP；搜索域最多 32 个、合计最多 2048 个字符（ExpandedDNSConfig 之前为 6 个和 256 个）；每个搜索域都是 DNS 子域名（允许末尾带点）；每个选项都必须有名称。这里链接的版本已无条件采用较大的上限。"),
    ("VAL12", "hostname 与 subdomain", "spec.hostname 和 spec.subdomain 必须是 DNS-1123 标签，kubelet 会再检查一次；hostnameOverride 必须是 DNS 子域名。"),
    ("VAL13", "对象名称与数据键", "Pod、工作负载、ConfigMap 和 Secret 的名称必须是 DNS-1123 子域名，命名空间必须是 DNS-1123 标签；ConfigMap 的 data、binaryData 以及 Secret 的 data、stringData 中的每个键都必须是合法的 ConfigMap 键。否则 API 服务器拒绝该对象，它不会被存储：Pod 不会运行，引用该 ConfigMap 或 Secret 时什么也找不到。"),
    ("VAL14", "未知字段（严格字段校验）", "kubectl 默认请求 API 服务器做严格字段校验（--validate=strict）：对象类型中不存在的字段（例如拼错的 evn 或 valueform）会让 kubectl apply 失败，报 unknown field \"<路径>\"。使用 --validate=false 时服务器会悄悄丢弃该字段，podenv 模拟的正是这种情况，因此该字段本应产生的变量不存在。podenv 在该字段处给出警告，并指出最接近的已知字段。未阅读服务器端解码器，没有链接。"),
    ("H1", "v1.6：envFrom", "envFrom 在 v1.6 引入；无效的键起初会让 Pod 失败，后来改为跳过并发出事件。仅为历史，没有可链接的代码。"),
    ("H2", "v1.7：IPv6 方括号；更宽的名称", "v1.7 在链接变量中为 IPv6 加上方括号；大约在 v1.8，变量名规则放宽，允许 '.' 和 '-'。仅为历史，没有可链接的代码。"),
    ("H3", "v1.30：宽松名称，不再过滤键", "v1.30 在特性门控后放宽了 env 名称，并移除了 kubelet 对 envFrom 键的过滤及其事件；v1.32 beta，v1.34 GA。仅为历史，没有可链接的代码。"),
    ("H4", "v1.13：enableServiceLinks", "enableServiceLinks 在 v1.13 引入，默认为 true；kubernetes Service 无论如何都会注入。仅为历史，没有可链接的代码。"),
    ("H5", "Downward API 字段的演变", "基础字段一直可以读取；status.podIPs 在 v1.17 加入，status.hostIPs 在 v1.28 至 v1.30 加入。仅为历史，没有可链接的代码。"),
    ("H6", "fileKeyRef", "fileKeyRef（EnvFiles）在 v1.34 为 alpha，在 v1.35 为 beta。仅为历史，没有可链接的代码。"),
    ("H7", "搜索列表的限制", "在 v1.22 到 v1.28 之间（ExpandedDNSConfig），搜索列表的限制从 6 个域、256 个字符增加到 32 个、2048 个。仅为历史；门控检查可以在 C6 的链接中看到。"),
    ("H8", "FromServices 的签名", "FromServices 的参数从 ServiceList 改成了 Service 切片，行为没有变化，除了 S2 中旧的名称处理和 S10。仅为历史，没有可链接的代码。"),
    ("D1", "dns-version TXT 记录", "dns-version.<域> 的 TXT 记录返回服务器所实现的 DNS 规范的 schema 版本。"),
    ("D2", "ClusterIP Service 的 A/AAAA 记录", "<svc>.<ns>.svc.<域> 返回集群 IP：IPv4 为 A 记录，IPv6 为 AAAA 记录；CoreDNS 会返回双栈 Service 的所有集群 IP。"),
    ("D3", "有名端口的 SRV 记录", "每个有名称的端口都有 _<端口名>._<协议>.<svc>.<ns>.svc.<域>，指向 Service 名称，端口为 Service 的端口（不是 targetPort）；无名端口没有 SRV 记录。"),
    ("D4", "集群 IP 的 PTR 记录", "in-addr.arpa 下的反转地址（IPv4），或 ip6.arpa 下反转的 32 个十六进制位（IPv6），指回 Service 名称。"),
    ("D5", "Headless Service", "headless Service 的名称为每个就绪的端点返回一个地址（没有则为 NXDOMAIN）；每个有主机名的端点得到 <主机名>.<svc>.<ns>.svc.<域>，每个有名端口与端点的组合有 SRV 记录，还有 PTR 记录。publishNotReadyAddresses 会把未就绪的端点也算作就绪。"),
    ("D6", "端点的主机名", "端点的 DNS 主机名是它的 hostname 字段；没有时，在 CoreDNS 的 endpoint_pod_names 模式下为 Pod 名称；否则为把 '.' 或 ':' 换成 '-' 的 IP。"),
    ("D7", "Pod 的 hostname 与 subdomain", "设置了 hostname、且 subdomain 等于本命名空间某个 headless Service 名称的 Pod，会得到 hostname.subdomain.<ns>.svc.<域>（StatefulSet 会同时设置两者）。只有当 subdomain 指向 Pod 所在命名空间中的那个 Service 时，端点控制器才会把主机名写进该 Service 的端点；kubelet 则用 subdomain 拼出 Pod 自己的域名。"),
    ("D8", "ExternalName 是 CNAME", "ExternalName Service 的名称是指向 externalName 的 CNAME（带结尾的点）；没有集群 IP，没有变量，也没有 SRV。"),
    ("D9", "Pod 的 A 记录", "<用短横线连接的 IP>.<ns>.pod.<域> 返回该 IP：恰好三个 '-' 且没有 '--' 时按 IPv4 解读，否则按 IPv6。CoreDNS 只有在 pods insecure（任何合法 IP）或 pods verified（必须有 Pod 使用该 IP）时才提供这些记录；默认的 pods disabled 不提供。"),
    ("D10", "文档的偏差", "官网上的 pod-ip-address.deployment-name.my-namespace.svc 形式，实际上是 D6 中用短横线表示 IP 的主机名加上 headless Service 名称，而不是 Deployment 名称。属于文档问题，没有可链接的代码。"),
    ("C1", "解析节点的 resolv.conf", "每行去掉首尾空白，跳过 # 开头的行；nameserver 行累加（取 nameserver 后的第一个词，只有 nameserver 一个词的行是错误）；最后一个 search 行和最后一个 options 行生效；search 的每一项去掉一个结尾的点。"),
    ("C2", "策略决定基础配置", "None 从空配置开始；ClusterFirstWithHostNet 使用集群配置；ClusterFirst 也使用集群配置，但 hostNetwork 的 Pod 改用主机配置；Default 使用主机配置；未知的策略按集群配置处理。"),
    ("C3", "集群基础配置", "nameserver 为集群 DNS 的 IP；search 为 <ns>.svc.<域>、svc.<域>、<域>，再接上去重后的节点搜索域；options 只有 ndots:5。没有配置集群 DNS 时，kubelet 发出警告（MissingClusterDNS）并改用主机配置。"),
    ("C4", "主机基础配置", "按解析结果使用节点的 nameserver、search 和 options。如果 kubelet 的 resolvConf 为空：每个节点 IP 对应一个 127.0.0.1 或 ::1（没有节点 IP 时为 127.0.0.1），search 为 '.'，没有 options。"),
    ("C5", "合并 dnsConfig", "dnsConfig 的 nameserver 和 search 追加在后面并去重；options 按名称合并，dnsConfig 的值胜出，再按 Go map 的顺序写回，所以它们的顺序不固定。"),
    ("C6", "最后应用限制", "nameserver 最多 3 个；search 最多 32 个，每个最多 253 个字符，整行最多 2048 个字符，超出时从末尾删除（ExpandedDNSConfig 之前为 6 个和 256 个）。任何删减都会产生 DNSConfigForming 警告。"),
    ("C7", "运行时如何写文件", "containerd 先写 search 行，再为每个服务器写一行 nameserver，最后写 options 行；如果 kubelet 完全没有传 DNS 配置，就改为复制节点的 resolv.conf。其他运行时没有核对。"),
    ("C7a", "文档的偏差", "官网仍写着最多 6 个搜索域；自 ExpandedDNSConfig 起代码允许 32 个（C6）。属于文档问题，没有可链接的代码。"),
    ("C8", "主机网络上的 ClusterFirst", "使用 ClusterFirst 的 hostNetwork Pod 会悄悄得到节点的解析配置；改用 ClusterFirstWithHostNet 才能用上集群 DNS。"),
    ("N1", "Pod 的主机名", "主机名取 spec.hostname，没有时取 Pod 名称，截断为 63 个字符并去掉结尾的 '-' 和 '.'；开启 HostnameOverride 门控时改用 hostnameOverride，且域为空。"),
    ("N2", "Pod 的域", "设置了 spec.subdomain 时，域为 <subdomain>.<ns>.svc.<域>，否则为空，与是否存在对应的 headless Service 无关。"),
    ("N3", "setHostnameAsFQDN", "开启 setHostnameAsFQDN 且有域时，内核主机名为 hostname.域；超过 64 个字符会导致 Pod 沙箱创建失败。"),
    ("N4", "托管的 /etc/hosts", "一行标题、固定的 localhost 和 IPv6 行、每个 Pod IP 一行（含完整域名和短名称；没有域时只有名称），然后是 hostAliases 部分。主机网络的 Pod 得到节点的文件加上别名部分。"),
    ("W1", "结尾的点表示绝对名称", "以 '.' 结尾的名称按原样查询，不做其他尝试。"),
    ("W2", "ndots 决定先查哪个", "点的数量少于 ndots 时，先依次尝试每个搜索域，最后才查原名称；点足够多时，先查原名称。得到第一个肯定回答即停止。"),
    ("W3", "Go 会跳过一些候选", "Go 的解析器会跳过长度超过 254 个字符的候选名称以及 .onion 名称。"),
    ("W4", "musl 的行为不同", "名称中的点足够多时，musl（Alpine）完全不尝试搜索列表。未对照 musl 源码核实，没有链接。"),
    ("W5", "ndots:5 让外部名称变慢", "在 Kubernetes 的 ndots:5 下，点少于五个的名称（例如 api.example.com）会先尝试所有搜索域，再查询名称本身，白白多出三到四次查询。在名称末尾加一个点可以避免。"),
];

/// The Chinese title and statement of `id`.
pub(super) fn text(id: &str) -> Option<(&'static str, &'static str)> {
    TEXTS
        .iter()
        .find(|(i, _, _)| *i == id)
        .map(|(_, title, statement)| (*title, *statement))
}

/// Every id that has a Chinese text.
#[cfg(test)]
pub(super) fn ids() -> impl Iterator<Item = &'static str> {
    TEXTS.iter().map(|(id, _, _)| *id)
}

/// (step id, title, statement) of the trace's steps.
static STEP_TEXTS: &[(&str, &str, &str)] = &[
    ("cri", "容器运行时收到什么", "kubelet 交给容器运行时的是一个 NAME=value 列表：CRI ContainerConfig 的 envs 字段（dockershim 时代是 docker 的 Config.Env）。运行时自己几乎不添加什么：列表里没有 HOSTNAME 时 containerd 会设置它；镜像的 ENV 行位于列表之下，两者同名时以列表为准（规则 O4，未对照 containerd 源码核实）。下面各步说明这个列表是怎样生成的。"),
    ("generateContainerConfig", "kuberuntime 把列表复制进 CRI 配置", "kuberuntime 的 generateContainerConfig 向 kubelet 要容器的运行选项，然后按拿到的顺序把每个变量逐个复制进 CRI 配置：这里不排序，也不去重。如果有来自设备插件或 DRA 的变量，它们排在最前。运行选项出错时容器根本不会被创建，状态显示 CreateContainerConfigError。"),
    ("GenerateRunContainerOptions", "环境变量并入运行选项", "GenerateRunContainerOptions 汇集运行时启动容器所需的一切：设备、挂载、端口映射，以及 makeEnvironmentVariables 构建的环境变量。构建环境变量出错，或用它展开卷挂载的 subPathExpr 出错，都会从这里返回；kubelet 随即报告 CreateContainerConfigError，之后用同样的输入重试，所以在输入改变之前错误会一直存在。"),
    ("getServiceEnvVarMap", "容器能看到哪些 Service", "getServiceEnvVarMap 遍历 kubelet 列出的每个 Service。开启 enableServiceLinks 时，保留 Pod 所在命名空间的 Service；default 命名空间的 kubernetes Service 无论如何都保留（开启链接时，Pod 自己命名空间里名为 kubernetes 的 Service 会顶替它）。没有集群 IP 的 Service（headless 或 ExternalName）被跳过。保留下来的 Service 按名称放进一个 map，所以接下来的遍历顺序是 Go 的随机 map 顺序。"),
    ("FromServices", "每个 Service 产生的变量", "envvars.FromServices 把每个保留的 Service 变成变量：NAME_SERVICE_HOST 和 NAME_SERVICE_PORT、每个有名端口一个 NAME_SERVICE_PORT_<端口名>，以及 Docker 链接那一组：NAME_PORT，和每个端口的 NAME_PORT_<端口>_<协议> 及其 _PROTO、_PORT、_ADDR。NAME 是 Service 名称转成大写并把每个 '-' 换成 '_'。两个 Service 产生同名变量时，最后遍历到的胜出，而遍历顺序是随机的。"),
    ("envFrom", "envFrom 来源，按顺序", "makeEnvironmentVariables 先从上到下处理 envFrom。每个 ConfigMap 或 Secret 加入它 data 中的所有键，键前加上该来源的前缀；后面的来源会替换前面来源设置过的同名键。不存在的来源会让容器无法启动，除非标记为 optional。envFrom 的值原样使用：其中的 $(NAME) 从不展开。"),
    ("env", "env 条目，按顺序", "然后从上到下处理每个 env 条目。value 会被展开：$(NAME) 变成 NAME 此刻的值，来自 envFrom、上面的条目或 Service 变量；尚未定义的名称保持原样，$$ 变成 $。valueFrom 读取 Pod 字段、容器资源，或 ConfigMap、Secret 的键，其结果从不展开。每个条目替换该名称之前的任何定义；没有找到内容的 optional 引用会保留之前的值。"),
    ("merge", "先是用户的变量，再是 Service 变量", "来自 envFrom 和 env 的变量先进入列表；然后是用户没有设置过同名变量的每个 Service 变量。用户变量总是压过同名的 Service 变量。两者都是 Go map，所以列表的真实顺序是随机的；podenv 按名称排序显示。"),
    ("commandArgs", "command 与 args", "环境变量确定之后，容器 command 和 args 中的每个 $(NAME) 都用它展开，包括 Service 变量。没有定义的名称保持原样；这一步不会失败。"),
    ("dns", "用 DNS 代替 Service 变量", "makeEnvironmentVariables 中的一段注释指出了 kubelet 看到 Pod 与看到其 Service 之间的竞争，并建议用 DNS 代替这些变量：查询 Service 的名称，解析不到就持续重试。kubelet 为 Pod 写入 resolv.conf，容器通过它按名称访问每个 Service。DNS 的答案在查询时是最新的；变量在容器启动时就固定了。"),
];

/// The Chinese title and statement of a trace step.
pub(super) fn step_text(id: &str) -> Option<(&'static str, &'static str)> {
    STEP_TEXTS
        .iter()
        .find(|(i, _, _)| *i == id)
        .map(|(_, title, statement)| (*title, *statement))
}
