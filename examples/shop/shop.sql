-- The demo shop's data: an electronics and home-appliance shop with stores in
-- Vietnam and Spain. Build the SQLite file the lookups read with
--   sqlite3 shop.db < shop.sql
-- (or frontdesk's BuildDatabaseFromSql). The lookups in lookups.yaml open it
-- read-only. All people, addresses and numbers are made up; e-mail addresses
-- use the reserved example.com / example.es domains.

BEGIN;

CREATE TABLE customers (
  id       INTEGER PRIMARY KEY,
  email    TEXT NOT NULL UNIQUE,      -- lower case
  name     TEXT NOT NULL,
  phone    TEXT,
  postcode TEXT NOT NULL,
  city     TEXT NOT NULL,
  country  TEXT NOT NULL,             -- ISO 3166 alpha-2
  vip      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE products (
  sku       TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  keywords  TEXT NOT NULL,            -- lower case, no accents, comma separated
  category  TEXT NOT NULL,
  price_vnd INTEGER NOT NULL,
  price_eur REAL NOT NULL
);

CREATE TABLE orders (
  id                 TEXT PRIMARY KEY,  -- two letters and six digits
  customer_id        INTEGER NOT NULL REFERENCES customers(id),
  status             TEXT NOT NULL CHECK (status IN ('processing', 'shipped', 'in_transit',
                       'out_for_delivery', 'delivered', 'cancelled', 'returned')),
  carrier            TEXT,
  tracking_number    TEXT,
  created_at         TEXT NOT NULL,     -- local time, YYYY-MM-DD HH:MM
  estimated_delivery TEXT,              -- YYYY-MM-DD
  total              REAL NOT NULL,
  currency           TEXT NOT NULL CHECK (currency IN ('VND', 'EUR'))
);

CREATE TABLE order_items (
  order_id   TEXT NOT NULL REFERENCES orders(id),
  line       INTEGER NOT NULL,
  sku        TEXT NOT NULL REFERENCES products(sku),
  quantity   INTEGER NOT NULL,
  unit_price REAL NOT NULL,
  PRIMARY KEY (order_id, line)
);

CREATE TABLE order_status_history (
  order_id TEXT NOT NULL REFERENCES orders(id),
  status   TEXT NOT NULL,
  at       TEXT NOT NULL,               -- local time, YYYY-MM-DD HH:MM
  note     TEXT
);
CREATE INDEX order_status_history_order ON order_status_history(order_id, at);

CREATE TABLE stores (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  address  TEXT NOT NULL,
  postcode TEXT NOT NULL,
  city     TEXT NOT NULL,
  country  TEXT NOT NULL,
  hours    TEXT NOT NULL,
  phone    TEXT NOT NULL
);

CREATE TABLE stock (
  store_id INTEGER NOT NULL REFERENCES stores(id),
  sku      TEXT NOT NULL REFERENCES products(sku),
  quantity INTEGER NOT NULL CHECK (quantity >= 0),
  PRIMARY KEY (store_id, sku)
);

CREATE TABLE repairs (
  id              TEXT PRIMARY KEY,     -- RP, year, four digits
  customer_id     INTEGER NOT NULL REFERENCES customers(id),
  product         TEXT NOT NULL,
  fault           TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('received', 'diagnosing', 'waiting_parts',
                    'repairing', 'ready', 'returned', 'not_repairable')),
  received_at     TEXT NOT NULL,        -- YYYY-MM-DD
  updated_at      TEXT NOT NULL,        -- YYYY-MM-DD HH:MM
  estimated_ready TEXT,                 -- YYYY-MM-DD
  note            TEXT
);

-- What the replies call each status, per language.
CREATE TABLE status_labels (
  status   TEXT NOT NULL,
  language TEXT NOT NULL,
  label    TEXT NOT NULL,
  PRIMARY KEY (status, language)
);

INSERT INTO customers (id, email, name, phone, postcode, city, country, vip) VALUES
  (1,  'an.nguyen@example.com',     'Nguyễn Văn An',        '+84 912 345 678', '70000',  'Hồ Chí Minh', 'VN', 1),
  (2,  'binh.tran@example.com',     'Trần Thị Bình',        '+84 983 112 233', '100000', 'Hà Nội',      'VN', 0),
  (3,  'chi.le@example.com',        'Lê Minh Chi',          '+84 905 778 990', '550000', 'Đà Nẵng',     'VN', 0),
  (4,  'dung.pham@example.com',     'Phạm Quốc Dũng',       '+84 938 456 120', '71300',  'Hồ Chí Minh', 'VN', 0),
  (5,  'hoa.vo@example.com',        'Võ Thị Hoa',           '+84 909 321 654', '72900',  'Hồ Chí Minh', 'VN', 1),
  (6,  'minh.hoang@example.com',    'Hoàng Đức Minh',       '+84 976 600 112', '122000', 'Hà Nội',      'VN', 0),
  (7,  'thu.dang@example.com',      'Đặng Anh Thư',         '+84 868 204 517', '70000',  'Hồ Chí Minh', 'VN', 0),
  (8,  'lucia.garcia@example.es',   'Lucía García López',   '+34 612 345 678', '28013',  'Madrid',      'ES', 1),
  (9,  'javier.martin@example.es',  'Javier Martín Ruiz',   '+34 655 987 321', '08001',  'Barcelona',   'ES', 0),
  (10, 'carmen.sanchez@example.es', 'Carmen Sánchez Gil',   '+34 699 120 450', '28004',  'Madrid',      'ES', 0),
  (11, 'pablo.ortiz@example.es',    'Pablo Ortiz Navarro',  '+34 622 818 303', '08013',  'Barcelona',   'ES', 0),
  (12, 'anna.svensson@example.com', 'Anna Svensson',        '+34 611 404 909', '28010',  'Madrid',      'ES', 0);

INSERT INTO products (sku, name, keywords, category, price_vnd, price_eur) VALUES
  ('IP15-128',      'iPhone 15 128GB',                       'iphone 15, iphone15, apple iphone',            'phones',     22990000, 959.00),
  ('IP15P-256',     'iPhone 15 Pro 256GB',                   'iphone 15 pro, iphone15 pro',                  'phones',     31990000, 1339.00),
  ('SGS24-256',     'Samsung Galaxy S24 256GB',              'galaxy s24, samsung s24, s24',                 'phones',     20990000, 909.00),
  ('DYSON-V15',     'Dyson V15 Detect',                      'dyson v15, dyson, cordless vacuum',            'home',       18990000, 699.00),
  ('PS5-SLIM',      'PlayStation 5 Slim',                    'ps5, playstation 5, playstation',              'gaming',     13490000, 549.00),
  ('SW-OLED',       'Nintendo Switch OLED',                  'nintendo switch, switch oled, switch',         'gaming',      8290000, 339.00),
  ('LG-OLED55C3',   'LG OLED evo C3 55"',                    'lg 55 inch oled, lg oled, oled tv, lg tv',     'tv',         32900000, 1399.00),
  ('SS-QE65Q80C',   'Samsung QLED Q80C 65"',                 'samsung 65 inch tv, 65 inch samsung, qled',    'tv',         27900000, 1199.00),
  ('BOSCH-SMS4',    'Bosch Serie 4 dishwasher SMS4HVI33E',   'bosch dishwasher, dishwasher, may rua bat',    'appliances', 14990000, 579.00),
  ('MBA-M2-13',     'MacBook Air 13" M2 256GB',              'macbook air, macbook, mac',                    'computers',  24990000, 1099.00),
  ('SONY-XM5',      'Sony WH-1000XM5 headphones',            'sony headphones, wh-1000xm5, xm5, headphones', 'audio',       7990000, 329.00),
  ('DAIKIN-FTKB35', 'Daikin Inverter air conditioner 1.5 HP', 'daikin, air conditioner, dieu hoa, may lanh', 'appliances', 11490000, 649.00),
  ('TOSH-RF180',    'Toshiba fridge 180 L',                  'toshiba fridge, fridge, tu lanh',              'appliances',  5790000, 299.00),
  ('XIAOMI-S10',    'Xiaomi Robot Vacuum S10',               'robot vacuum, xiaomi vacuum, robot hut bui',   'home',        5490000, 229.00);

INSERT INTO stores (id, name, address, postcode, city, country, hours, phone) VALUES
  (1, 'FrontDesk Quận 1',    '45 Lê Lợi, Bến Nghé, Quận 1',              '70000',  'Hồ Chí Minh', 'VN', 'Mon-Sun 09:00-21:30', '+84 28 3822 1001'),
  (2, 'FrontDesk Thủ Đức',   '216 Võ Văn Ngân, Bình Thọ, Thủ Đức',       '71300',  'Hồ Chí Minh', 'VN', 'Mon-Sun 09:00-21:00', '+84 28 3722 1002'),
  (3, 'FrontDesk Quận 7',    'SC VivoCity, 1058 Nguyễn Văn Linh, Quận 7', '72900',  'Hồ Chí Minh', 'VN', 'Mon-Sun 10:00-22:00', '+84 28 5411 1003'),
  (4, 'FrontDesk Hoàn Kiếm', '12 Tràng Tiền, Hoàn Kiếm',                 '100000', 'Hà Nội',      'VN', 'Mon-Sun 08:30-21:30', '+84 24 3825 1004'),
  (5, 'FrontDesk Cầu Giấy',  '241 Xuân Thủy, Cầu Giấy',                  '122000', 'Hà Nội',      'VN', 'Mon-Sun 09:00-21:00', '+84 24 3767 1005'),
  (6, 'FrontDesk Đà Nẵng',   '255 Hùng Vương, Hải Châu',                 '550000', 'Đà Nẵng',     'VN', 'Mon-Sun 09:00-21:00', '+84 236 382 1006'),
  (7, 'FrontDesk Madrid Sol', 'Calle de Preciados 10',                    '28013',  'Madrid',      'ES', 'Mon-Sat 10:00-21:00, Sun 11:00-20:00', '+34 910 000 107'),
  (8, 'FrontDesk Barcelona',  'Carrer de Pelai 13',                       '08001',  'Barcelona',   'ES', 'Mon-Sat 10:00-21:00', '+34 930 000 108');

-- Quantities on hand; 0 = listed but sold out.
INSERT INTO stock (store_id, sku, quantity) VALUES
  (1, 'IP15-128', 0),  (1, 'IP15P-256', 3), (1, 'SGS24-256', 6), (1, 'DYSON-V15', 0),
  (1, 'PS5-SLIM', 2),  (1, 'SONY-XM5', 9),  (1, 'MBA-M2-13', 4), (1, 'XIAOMI-S10', 5),
  (2, 'IP15-128', 4),  (2, 'SGS24-256', 2), (2, 'DYSON-V15', 1), (2, 'BOSCH-SMS4', 2),
  (2, 'DAIKIN-FTKB35', 7), (2, 'TOSH-RF180', 3), (2, 'LG-OLED55C3', 1),
  (3, 'IP15-128', 7),  (3, 'IP15P-256', 0), (3, 'DYSON-V15', 3), (3, 'PS5-SLIM', 0),
  (3, 'SW-OLED', 6),   (3, 'SS-QE65Q80C', 2), (3, 'LG-OLED55C3', 0), (3, 'BOSCH-SMS4', 1),
  (4, 'IP15-128', 5),  (4, 'IP15P-256', 2), (4, 'SGS24-256', 4), (4, 'DYSON-V15', 2),
  (4, 'PS5-SLIM', 1),  (4, 'MBA-M2-13', 3), (4, 'SONY-XM5', 5),
  (5, 'IP15-128', 2),  (5, 'DAIKIN-FTKB35', 5), (5, 'TOSH-RF180', 4), (5, 'SS-QE65Q80C', 1),
  (5, 'XIAOMI-S10', 3),
  (6, 'IP15-128', 3),  (6, 'SGS24-256', 2), (6, 'DAIKIN-FTKB35', 6), (6, 'LG-OLED55C3', 2),
  (6, 'SW-OLED', 2),
  (7, 'IP15-128', 8),  (7, 'IP15P-256', 4), (7, 'DYSON-V15', 2), (7, 'PS5-SLIM', 3),
  (7, 'BOSCH-SMS4', 2), (7, 'MBA-M2-13', 5), (7, 'SONY-XM5', 0), (7, 'SW-OLED', 4),
  (8, 'IP15-128', 0),  (8, 'SGS24-256', 5), (8, 'DYSON-V15', 1), (8, 'PS5-SLIM', 2),
  (8, 'SS-QE65Q80C', 1), (8, 'SONY-XM5', 6), (8, 'XIAOMI-S10', 2);

INSERT INTO orders (id, customer_id, status, carrier, tracking_number, created_at, estimated_delivery, total, currency) VALUES
  ('AB123456', 1,  'in_transit',       'Giao Hàng Nhanh',     'GHN5KT9X3QD',     '2024-05-02 10:15', '2024-05-06', 22990000, 'VND'),
  ('AB654321', 1,  'delivered',        'Giao Hàng Nhanh',     'GHN7PL2M8RA',     '2024-03-11 20:41', '2024-03-14',  7990000, 'VND'),
  ('AB339812', 1,  'cancelled',        NULL,                  NULL,              '2024-04-20 09:02', NULL,          5490000, 'VND'),
  ('ZK554120', 2,  'shipped',          'Viettel Post',        'VTP240503118842', '2024-05-03 14:30', '2024-05-08', 18990000, 'VND'),
  ('KL778899', 2,  'processing',       NULL,                  NULL,              '2024-05-05 08:55', '2024-05-10', 13490000, 'VND'),
  ('DN550123', 3,  'out_for_delivery', 'Giao Hàng Tiết Kiệm', 'S21840.SG4.C7.9921', '2024-05-01 16:20', '2024-05-05', 11490000, 'VND'),
  ('DN550987', 3,  'delivered',        'J&T Express',         'JT8801234567',    '2024-02-14 11:11', '2024-02-17',  8290000, 'VND'),
  ('TD713001', 4,  'delivered',        'Giao Hàng Nhanh',     'GHN3QW8E1TY',     '2024-04-02 19:05', '2024-04-04', 14990000, 'VND'),
  ('TD713044', 4,  'in_transit',       'J&T Express',         'JT8807654321',    '2024-05-04 13:37', '2024-05-07',  5790000, 'VND'),
  ('TV778812', 5,  'delivered',        'Giao Hàng Tiết Kiệm', 'S21840.SG2.A1.4410', '2024-04-25 18:00', '2024-04-28', 27900000, 'VND'),
  ('HV729001', 5,  'returned',         'Giao Hàng Nhanh',     'GHN9ZX4C7VB',     '2024-03-30 21:12', '2024-04-02',  7990000, 'VND'),
  ('CG122450', 6,  'shipped',          'Viettel Post',        'VTP240504220019', '2024-05-04 10:48', '2024-05-07', 24990000, 'VND'),
  ('CG122777', 6,  'cancelled',        NULL,                  NULL,              '2024-05-01 07:30', NULL,         31990000, 'VND'),
  ('TH700321', 7,  'processing',       NULL,                  NULL,              '2024-05-05 22:03', '2024-05-09', 20990000, 'VND'),
  ('CD204871', 8,  'in_transit',       'SEUR',                'SEUR2405ES0031827', '2024-05-01 12:09', '2024-05-06', 1658.00, 'EUR'),
  ('MD280130', 8,  'delivered',        'Correos Express',     'CEX3200451199ES', '2024-03-18 17:45', '2024-03-21',  699.00, 'EUR'),
  ('BC080011', 9,  'shipped',          'MRW',                 'MRW0800112345',   '2024-05-03 09:27', '2024-05-07', 1099.00, 'EUR'),
  ('BC080099', 9,  'delivered',        'SEUR',                'SEUR2404ES0027755', '2024-04-08 15:16', '2024-04-10',  339.00, 'EUR'),
  ('MD280402', 10, 'out_for_delivery', 'Correos Express',     'CEX3200459876ES', '2024-05-02 11:58', '2024-05-05',  579.00, 'EUR'),
  ('MD280455', 10, 'cancelled',        NULL,                  NULL,              '2024-04-28 10:00', NULL,          549.00, 'EUR'),
  ('BC080133', 11, 'processing',       NULL,                  NULL,              '2024-05-05 19:40', '2024-05-09', 1199.00, 'EUR'),
  ('MD280101', 12, 'in_transit',       'MRW',                 'MRW2801019876',   '2024-05-03 16:05', '2024-05-06',  329.00, 'EUR'),
  ('MD280177', 12, 'delivered',        'Correos Express',     'CEX3200440001ES', '2024-01-22 10:30', '2024-01-25',  909.00, 'EUR');

INSERT INTO order_items (order_id, line, sku, quantity, unit_price) VALUES
  ('AB123456', 1, 'IP15-128', 1, 22990000),
  ('AB654321', 1, 'SONY-XM5', 1, 7990000),
  ('AB339812', 1, 'XIAOMI-S10', 1, 5490000),
  ('ZK554120', 1, 'DYSON-V15', 1, 18990000),
  ('KL778899', 1, 'PS5-SLIM', 1, 13490000),
  ('DN550123', 1, 'DAIKIN-FTKB35', 1, 11490000),
  ('DN550987', 1, 'SW-OLED', 1, 8290000),
  ('TD713001', 1, 'BOSCH-SMS4', 1, 14990000),
  ('TD713044', 1, 'TOSH-RF180', 1, 5790000),
  ('TV778812', 1, 'SS-QE65Q80C', 1, 27900000),
  ('HV729001', 1, 'SONY-XM5', 1, 7990000),
  ('CG122450', 1, 'MBA-M2-13', 1, 24990000),
  ('CG122777', 1, 'IP15P-256', 1, 31990000),
  ('TH700321', 1, 'SGS24-256', 1, 20990000),
  ('CD204871', 1, 'IP15-128', 1, 959.00),
  ('CD204871', 2, 'DYSON-V15', 1, 699.00),
  ('MD280130', 1, 'DYSON-V15', 1, 699.00),
  ('BC080011', 1, 'MBA-M2-13', 1, 1099.00),
  ('BC080099', 1, 'SW-OLED', 1, 339.00),
  ('MD280402', 1, 'BOSCH-SMS4', 1, 579.00),
  ('MD280455', 1, 'PS5-SLIM', 1, 549.00),
  ('BC080133', 1, 'SS-QE65Q80C', 1, 1199.00),
  ('MD280101', 1, 'SONY-XM5', 1, 329.00),
  ('MD280177', 1, 'SGS24-256', 1, 909.00);

INSERT INTO order_status_history (order_id, status, at, note) VALUES
  ('AB123456', 'processing', '2024-05-02 10:15', NULL),
  ('AB123456', 'shipped', '2024-05-03 09:40', 'Handed to Giao Hàng Nhanh'),
  ('AB123456', 'in_transit', '2024-05-04 06:12', 'Arrived at HCM sorting hub'),
  ('AB654321', 'processing', '2024-03-11 20:41', NULL),
  ('AB654321', 'shipped', '2024-03-12 10:05', NULL),
  ('AB654321', 'delivered', '2024-03-14 15:22', 'Signed by customer'),
  ('AB339812', 'processing', '2024-04-20 09:02', NULL),
  ('AB339812', 'cancelled', '2024-04-20 11:30', 'Cancelled at the customer''s request'),
  ('ZK554120', 'processing', '2024-05-03 14:30', NULL),
  ('ZK554120', 'shipped', '2024-05-04 16:10', 'Handed to Viettel Post'),
  ('KL778899', 'processing', '2024-05-05 08:55', 'Waiting for stock from the Hà Nội warehouse'),
  ('DN550123', 'processing', '2024-05-01 16:20', NULL),
  ('DN550123', 'shipped', '2024-05-02 08:30', NULL),
  ('DN550123', 'in_transit', '2024-05-03 19:45', NULL),
  ('DN550123', 'out_for_delivery', '2024-05-05 07:50', 'Installer booked for the afternoon'),
  ('DN550987', 'processing', '2024-02-14 11:11', NULL),
  ('DN550987', 'delivered', '2024-02-17 10:03', NULL),
  ('TD713001', 'processing', '2024-04-02 19:05', NULL),
  ('TD713001', 'delivered', '2024-04-04 14:40', 'Installed'),
  ('TD713044', 'processing', '2024-05-04 13:37', NULL),
  ('TD713044', 'in_transit', '2024-05-05 09:15', NULL),
  ('TV778812', 'processing', '2024-04-25 18:00', NULL),
  ('TV778812', 'shipped', '2024-04-26 10:00', NULL),
  ('TV778812', 'delivered', '2024-04-28 16:35', NULL),
  ('HV729001', 'processing', '2024-03-30 21:12', NULL),
  ('HV729001', 'delivered', '2024-04-02 12:00', NULL),
  ('HV729001', 'returned', '2024-04-09 10:20', 'Refunded to the card'),
  ('CG122450', 'processing', '2024-05-04 10:48', NULL),
  ('CG122450', 'shipped', '2024-05-05 08:05', 'Handed to Viettel Post'),
  ('CG122777', 'processing', '2024-05-01 07:30', NULL),
  ('CG122777', 'cancelled', '2024-05-01 12:00', 'Payment not completed'),
  ('TH700321', 'processing', '2024-05-05 22:03', NULL),
  ('CD204871', 'processing', '2024-05-01 12:09', NULL),
  ('CD204871', 'shipped', '2024-05-02 17:30', 'Entregado a SEUR'),
  ('CD204871', 'in_transit', '2024-05-03 08:44', NULL),
  ('MD280130', 'processing', '2024-03-18 17:45', NULL),
  ('MD280130', 'delivered', '2024-03-21 11:15', NULL),
  ('BC080011', 'processing', '2024-05-03 09:27', NULL),
  ('BC080011', 'shipped', '2024-05-04 12:50', NULL),
  ('BC080099', 'processing', '2024-04-08 15:16', NULL),
  ('BC080099', 'delivered', '2024-04-10 13:05', NULL),
  ('MD280402', 'processing', '2024-05-02 11:58', NULL),
  ('MD280402', 'in_transit', '2024-05-03 21:10', NULL),
  ('MD280402', 'out_for_delivery', '2024-05-05 08:20', NULL),
  ('MD280455', 'processing', '2024-04-28 10:00', NULL),
  ('MD280455', 'cancelled', '2024-04-28 18:30', 'Out of stock'),
  ('BC080133', 'processing', '2024-05-05 19:40', NULL),
  ('MD280101', 'processing', '2024-05-03 16:05', NULL),
  ('MD280101', 'in_transit', '2024-05-04 20:00', NULL),
  ('MD280177', 'processing', '2024-01-22 10:30', NULL),
  ('MD280177', 'delivered', '2024-01-25 09:50', NULL);

INSERT INTO repairs (id, customer_id, product, fault, status, received_at, updated_at, estimated_ready, note) VALUES
  ('RP20240042', 1,  'Samsung Galaxy S24',            'Cracked screen',                'repairing',      '2024-04-29', '2024-05-03 15:20', '2024-05-07', 'New screen fitted, testing'),
  ('RP20240117', 8,  'Dyson V15 Detect',              'Battery does not charge',       'ready',          '2024-04-22', '2024-05-04 11:00', '2024-05-04', 'Ready for pick-up at Madrid Sol'),
  ('RP20240203', 2,  'LG OLED evo C3 55"',            'No picture, sound works',       'waiting_parts',  '2024-04-25', '2024-05-02 09:10', '2024-05-15', 'Main board ordered from LG'),
  ('RP20240288', 9,  'MacBook Air 13" M2',            'Keyboard keys not responding',  'diagnosing',     '2024-05-03', '2024-05-04 17:30', '2024-05-10', NULL),
  ('RP20240315', 3,  'Daikin air conditioner 1.5 HP', 'Leaks water indoors',           'returned',       '2024-04-10', '2024-04-18 14:00', NULL,         'Drain pipe replaced under warranty'),
  ('RP20240356', 10, 'PlayStation 5 Slim',            'Does not power on after a fall', 'not_repairable', '2024-04-15', '2024-04-24 10:45', NULL,         'Offered a trade-in discount'),
  ('RP20240371', 5,  'Dyson V15 Detect',              'Suction drops after a minute',  'received',       '2024-05-05', '2024-05-05 18:05', '2024-05-12', NULL);

INSERT INTO status_labels (status, language, label) VALUES
  ('processing',       'en', 'being prepared'),
  ('processing',       'vi', 'đang được chuẩn bị'),
  ('processing',       'es', 'en preparación'),
  ('shipped',          'en', 'shipped'),
  ('shipped',          'vi', 'đã giao cho đơn vị vận chuyển'),
  ('shipped',          'es', 'enviado'),
  ('in_transit',       'en', 'on its way'),
  ('in_transit',       'vi', 'đang trên đường giao'),
  ('in_transit',       'es', 'en camino'),
  ('out_for_delivery', 'en', 'out for delivery today'),
  ('out_for_delivery', 'vi', 'đang được giao hôm nay'),
  ('out_for_delivery', 'es', 'en reparto hoy'),
  ('delivered',        'en', 'delivered'),
  ('delivered',        'vi', 'đã giao thành công'),
  ('delivered',        'es', 'entregado'),
  ('cancelled',        'en', 'cancelled'),
  ('cancelled',        'vi', 'đã hủy'),
  ('cancelled',        'es', 'cancelado'),
  ('returned',         'en', 'returned and refunded'),
  ('returned',         'vi', 'đã hoàn trả và hoàn tiền'),
  ('returned',         'es', 'devuelto y reembolsado'),
  ('received',         'en', 'received at our service centre'),
  ('received',         'vi', 'đã được tiếp nhận tại trung tâm bảo hành'),
  ('received',         'es', 'recibido en nuestro servicio técnico'),
  ('diagnosing',       'en', 'being diagnosed'),
  ('diagnosing',       'vi', 'đang được kiểm tra lỗi'),
  ('diagnosing',       'es', 'en diagnóstico'),
  ('waiting_parts',    'en', 'waiting for spare parts'),
  ('waiting_parts',    'vi', 'đang chờ linh kiện'),
  ('waiting_parts',    'es', 'a la espera de piezas'),
  ('repairing',        'en', 'being repaired'),
  ('repairing',        'vi', 'đang được sửa chữa'),
  ('repairing',        'es', 'en reparación'),
  ('ready',            'en', 'ready for pick-up'),
  ('ready',            'vi', 'đã sửa xong, sẵn sàng để nhận'),
  ('ready',            'es', 'listo para recoger'),
  ('not_repairable',   'en', 'not repairable'),
  ('not_repairable',   'vi', 'không thể sửa chữa'),
  ('not_repairable',   'es', 'sin reparación posible');

COMMIT;
