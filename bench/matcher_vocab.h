// Vocabulary of the generated packs and messages in matcher_bench: support
// words in English, Vietnamese (patterns without diacritics, messages with
// them) and Spanish. One group is a set of synonyms: "folded|raw,folded|raw";
// a word without '|' is typed as it is folded.
#ifndef FRONTDESK_BENCH_MATCHER_VOCAB_H_
#define FRONTDESK_BENCH_MATCHER_VOCAB_H_

#include <array>
#include <string_view>
#include <vector>

namespace frontdesk::bench {

struct LanguageVocab {
  std::string_view code;
  std::vector<std::string_view> actions;     // what the customer wants done
  std::vector<std::string_view> objects;     // what it is about
  std::vector<std::string_view> parts;       // qualifiers: parts of a product, states
  std::string_view determiners;              // optional words between verb and object
  std::string_view negative_cues;            // a negative pattern's first words
  std::vector<std::string_view> filler;      // words that fill gaps and chatter
  std::vector<std::string_view> greetings;
  std::vector<std::string_view> closings;
};

inline const std::array<LanguageVocab, 3>& Vocab() {
  static const std::array<LanguageVocab, 3> kVocab = {{
      {"en",
       {"where,wheres,whereabouts", "track,tracking,trace", "cancel,stop,terminate",
        "change,modify,edit,amend", "return,send back,give back", "refund,money back,reimburse",
        "reset,recover,forgot", "broken,damaged,cracked,faulty,defective", "price,cost,how much",
        "in stock,available,availability,restock", "warranty,guarantee", "install,installation,set up",
        "deliver,delivery,ship,shipping", "pay,payment,charged,billed", "invoice,receipt,bill",
        "complain,complaint,unhappy,disappointed", "discount,coupon,voucher,promo code",
        "exchange,swap,replace,replacement", "log in,login,sign in,locked out",
        "repair,fix,service", "upgrade,downgrade,renew", "missing,lost,stolen",
        "late,delayed,overdue,stuck"},
       {"order,orders", "package,parcel", "shipment,delivery", "purchase,item,items", "account",
        "password", "subscription,membership,plan", "card,credit card", "address,delivery address",
        "phone number,number", "invoice,receipt", "gift card,voucher", "appointment,booking",
        "reservation"},
       {"screen,display", "battery", "charger,cable", "remote,remote control", "door", "motor",
        "lid", "keyboard", "speaker", "camera", "strap", "box,packaging"},
       "my,the,this,our", "how to,how do i,how can i",
       {"i", "we", "you", "it", "the", "a", "my", "our", "your", "and", "but", "so", "just",
        "bought", "got", "yesterday", "today", "last", "week", "month", "morning", "evening",
        "wife", "husband", "son", "daughter", "mum", "friend", "gift", "birthday", "very",
        "really", "quite", "nice", "good", "great", "bad", "old", "new", "shop", "store", "online",
        "website", "app", "email", "message", "question", "about", "regarding", "please",
        "kindly", "asap", "urgent", "again", "still", "already", "since", "from", "with", "for",
        "at", "on", "in", "there", "here", "was", "is", "are", "have", "has", "had", "been",
        "waiting", "tried", "called", "chat", "hotline", "nobody", "answered", "could", "would",
        "some", "any", "one", "two", "three", "days", "hours", "when", "what", "why", "which"},
       {"Hi", "Hello", "Hey", "Dear support team,", "Good morning", "Hi there", "Hello team"},
       {"thanks", "thank you", "Thanks a lot!", "pls help", "Regards", "cheers", "ASAP!!"}},
      {"vi",
       {"o dau|ở đâu,dau roi|đâu rồi", "kiem tra|kiểm tra,tra cuu|tra cứu,theo doi|theo dõi",
        "huy|hủy,khong mua nua|không mua nữa", "doi|đổi,thay doi|thay đổi,sua|sửa",
        "tra lai|trả lại,tra hang|trả hàng,hoan tra|hoàn trả", "hoan tien|hoàn tiền,tra tien|trả tiền",
        "quen mat khau|quên mật khẩu,dat lai|đặt lại,lay lai|lấy lại",
        "bi hong|bị hỏng,bi loi|bị lỗi,bi vo|bị vỡ,khong hoat dong|không hoạt động",
        "gia|giá,bao nhieu tien|bao nhiêu tiền", "con hang|còn hàng,het hang|hết hàng",
        "bao hanh|bảo hành", "lap dat|lắp đặt,cai dat|cài đặt",
        "giao hang|giao hàng,van chuyen|vận chuyển,ship",
        "thanh toan|thanh toán,chuyen khoan|chuyển khoản,tru tien|trừ tiền",
        "hoa don|hóa đơn,xuat hoa don|xuất hóa đơn",
        "khieu nai|khiếu nại,that vong|thất vọng,buc minh|bực mình",
        "ma giam gia|mã giảm giá,khuyen mai|khuyến mãi,voucher", "doi hang|đổi hàng,doi sang|đổi sang",
        "dang nhap|đăng nhập,bi khoa|bị khóa", "sua chua|sửa chữa,bao tri|bảo trì",
        "bi mat|bị mất,that lac|thất lạc", "cham|chậm,tre|trễ,lau qua|lâu quá"},
       {"don hang|đơn hàng,don|đơn", "goi hang|gói hàng,kien hang|kiện hàng", "tai khoan|tài khoản",
        "mat khau|mật khẩu", "the|thẻ,the tin dung|thẻ tín dụng", "dia chi|địa chỉ",
        "so dien thoai|số điện thoại,sdt", "hoa don|hóa đơn", "goi cuoc|gói cước",
        "lich hen|lịch hẹn", "san pham|sản phẩm,hang|hàng"},
       {"man hinh|màn hình", "pin", "sac|sạc,day sac|dây sạc", "dieu khien|điều khiển", "cua|cửa",
        "dong co|động cơ", "nap|nắp", "ban phim|bàn phím", "loa", "camera", "vo hop|vỏ hộp"},
       "cai|cái,chiec|chiếc,don|đơn,cua toi|của tôi", "cach|cách,lam sao de|làm sao để",
       {"toi|tôi", "minh|mình", "em", "anh", "chi|chị", "ban|bạn", "da|đã", "mua", "hom qua|hôm qua",
        "hom nay|hôm nay", "tuan truoc|tuần trước", "thang nay|tháng này", "cua|của", "va|và",
        "nhung|nhưng", "roi|rồi", "van|vẫn", "chua|chưa", "khong|không", "duoc|được", "voi|với",
        "cho|cho", "nha|nhà", "vo|vợ", "chong|chồng", "con", "ban be|bạn bè", "qua tang|quà tặng",
        "rat|rất", "tot|tốt", "moi|mới", "cu|cũ", "cua hang|cửa hàng", "trang web", "ung dung|ứng dụng",
        "tin nhan|tin nhắn", "hoi|hỏi", "giup|giúp", "vui long|vui lòng", "gap|gấp", "lai|lại",
        "tu|từ", "luc|lúc", "sang|sáng", "chieu|chiều", "toi nay|tối nay", "goi|gọi", "tong dai|tổng đài",
        "ai", "tra loi|trả lời", "may|mấy", "ngay|ngày", "gio|giờ", "nao|nào", "sao", "gi|gì"},
       {"Chào shop", "Chào bạn", "Shop ơi", "Dạ chào anh chị", "Alo shop", "Xin chào"},
       {"cảm ơn", "cam on shop", "Cảm ơn nhiều!", "giúp em với", "nhé", "thanks shop", "gấp nha!!"}},
      {"es",
       {"donde|dónde,donde esta|dónde está", "rastrear,seguimiento,localizar",
        "cancelar,anular,dar de baja", "cambiar,modificar,editar", "devolver,devolucion|devolución",
        "reembolso,reembolsar", "restablecer,recuperar,olvide|olvidé",
        "roto,rota,danado|dañado,defectuoso,no funciona", "precio,cuanto cuesta|cuánto cuesta",
        "disponible,en stock,agotado", "garantia|garantía", "instalar,instalacion|instalación",
        "envio|envío,entrega,enviar", "pagar,pago,cobro,cobraron", "factura,recibo",
        "queja,reclamacion|reclamación,molesto", "descuento,cupon|cupón,codigo promocional|código promocional",
        "cambio,reemplazo,sustituir", "iniciar sesion|iniciar sesión,acceder,bloqueada",
        "reparar,reparacion|reparación,arreglar", "perdido,extraviado,robado",
        "retraso,retrasado,tarde"},
       {"pedido,pedidos", "paquete", "compra,articulo|artículo", "cuenta", "contrasena|contraseña",
        "suscripcion|suscripción,plan", "tarjeta", "direccion|dirección",
        "telefono|teléfono,numero|número", "factura,recibo", "cita,reserva", "producto"},
       {"pantalla", "bateria|batería", "cargador,cable", "mando,control remoto", "puerta", "motor",
        "tapa", "teclado", "altavoz", "camara|cámara", "caja"},
       "mi,el,la,este,esta", "como|cómo,como puedo|cómo puedo",
       {"yo", "mi", "el", "la", "los", "las", "un", "una", "y", "pero", "que", "compre|compré",
        "ayer", "hoy", "la semana pasada", "este mes", "manana|mañana", "tarde", "noche", "esposa",
        "marido", "hijo", "hija", "amigo", "regalo", "cumpleanos|cumpleaños", "muy", "bien", "bueno",
        "malo", "nuevo", "viejo", "tienda", "web", "aplicacion|aplicación", "correo", "mensaje",
        "pregunta", "sobre", "por favor", "urgente", "otra vez", "todavia|todavía", "ya", "desde",
        "con", "para", "en", "aqui|aquí", "era", "es", "estan|están", "tengo", "he", "esperando",
        "llame|llamé", "nadie", "contesto|contestó", "dias|días", "horas", "cuando|cuándo",
        "que|qué", "por que|por qué", "cual|cuál"},
       {"Hola", "Buenas tardes", "Buenos días", "Estimado equipo,", "Hola buenas"},
       {"gracias", "muchas gracias", "¡Gracias!", "ayuda por favor", "Saludos", "un saludo"}},
  }};
  return kVocab;
}

// Products: brand + series + model number make thousands of distinct names,
// so that a 10,000-intent pack is mostly specific, as a real large one is.
inline const std::vector<std::string_view>& Brands() {
  static const std::vector<std::string_view> kBrands = {
      "samsung", "apple",  "xiaomi", "oppo",    "asus",     "lenovo",  "dell",      "hp",
      "sony",    "lg",     "philips", "panasonic", "sharp", "toshiba", "electrolux", "tefal",
      "bosch",   "dyson",  "canon",  "nikon",   "garmin",   "jbl",     "logitech",  "anker",
      "huawei",  "nokia",  "vivo",   "realme",  "acer",     "msi",     "sunhouse",  "kangaroo",
      "daikin",  "midea",  "casio",  "fujifilm", "gopro",   "beko",    "hitachi",   "aqua"};
  return kBrands;
}

inline const std::vector<std::string_view>& Series() {
  static const std::vector<std::string_view> kSeries = {
      "galaxy", "zenbook", "vivobook", "ideapad", "thinkpad", "inspiron", "pavilion", "bravia",
      "redmi",  "reno",    "iphone",   "ipad",    "macbook",  "airpods",  "watch",    "buds",
      "tab",    "note",    "aspire",   "nitro",   "xperia",   "pixel",    "aircon",   "airfryer",
      "fridge", "washer",  "vacuum",   "kettle",  "blender",  "tv",       "soundbar", "router"};
  return kSeries;
}

}  // namespace frontdesk::bench

#endif  // FRONTDESK_BENCH_MATCHER_VOCAB_H_
